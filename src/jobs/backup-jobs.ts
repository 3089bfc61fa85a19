// The backup jobs: the nightly backup, the monthly restore drill, and the hourly watch
// that re-judges the backup checks (a missed night past the RPO re-opens the items even
// when no backup ran at all). Launches without a backup policy are skipped.
import { failAbandoned } from "../domain/backup/abandoned.js";
import { runBackup } from "../domain/backup/backup-run.js";
import { recordBackupChecks } from "../domain/backup/checks.js";
import { runDrill } from "../domain/backup/drill-run.js";
import { formatBytes } from "../domain/backup/format.js";
import { BACKUP_JOB, backupPolicy, DEFAULT_BACKUP_SCHEDULE, DEFAULT_DRILL_SCHEDULE, DRILL_JOB } from "../domain/backup/policy.js";
import type { Target } from "../domain/announcements/launch-state.js";
import type { Actor, Launch } from "../domain/launches/types.js";
import { backupsRepo } from "../storage/backups-repo.js";
import { backgroundSignal } from "./background.js";
import type { Job, JobContext, JobResult } from "./job.js";

/** Set by `backup set` (an invalid one still applies: the run says what is wrong). */
const hasBackupPolicy = (launch: Launch) => launch.settings.backup !== undefined && launch.settings.backup !== null;

const GOLIVE: Actor = { id: "golive", surface: "job" };
const NO_POLICY: JobResult = { summary: "no backup policy: a release manager sets one with backup set …", outcome: "skipped" };

/** Who asked and where (`backup now`); the schedule runs as golive. */
export interface Requested {
  actor: Actor;
  requester?: Target;
  backupId?: number;
}

export async function backupRun(ctx: JobContext, asked: Requested = { actor: GOLIVE }): Promise<JobResult> {
  if (!backupPolicy(ctx.launch)) return NO_POLICY;
  const b = await runBackup(ctx.db, ctx.launch, { actor: asked.actor, requester: asked.requester, now: ctx.now, jobRunId: ctx.runId, signal: backgroundSignal() });
  return { summary: `backup ${b.id}: ${formatBytes(b.bytesIn ?? 0)} dumped → ${formatBytes(b.bytesOut ?? 0)} encrypted, sha256 ${b.sha256?.slice(0, 12)}` };
}

export async function drillRun(ctx: JobContext, asked: Requested = { actor: GOLIVE }): Promise<JobResult> {
  if (!backupPolicy(ctx.launch)) return NO_POLICY;
  if (asked.backupId === undefined && !(await backupsRepo.newestGood(ctx.db, ctx.launch.id))) {
    await recordBackupChecks(ctx.db, ctx.launch, ctx.now, { onlyIfChanged: true });
    return { summary: "no good backup to drill yet", outcome: "skipped" };
  }
  const d = await runDrill(ctx.db, ctx.launch, { ...asked, now: ctx.now, jobRunId: ctx.runId, signal: backgroundSignal() });
  return { summary: `drill ${d.id} of backup ${d.backupId} passed: ${d.tables.length} tables equal, RTO ${Math.round((d.rtoMs ?? 0) / 1000)} s` };
}

export const backupNightlyJob: Job = {
  name: BACKUP_JOB,
  summary: "Takes the encrypted backup (pg_dump → zstd → OpenPGP, one streaming pass), prunes by retention, records the backup checks",
  defaultSchedule: DEFAULT_BACKUP_SCHEDULE,
  catchUp: "once",
  when: "every night, once a backup policy is set (backup set)",
  appliesOn: () => true,
  appliesTo: hasBackupPolicy,
  run: (ctx) => backupRun(ctx),
};

export const restoreDrillJob: Job = {
  name: DRILL_JOB,
  summary: "Restores the newest good backup into a scratch database and compares its rows with the manifest",
  defaultSchedule: DEFAULT_DRILL_SCHEDULE,
  catchUp: "once",
  when: "monthly, once a backup policy is set",
  appliesOn: () => true,
  appliesTo: hasBackupPolicy,
  run: (ctx) => drillRun(ctx),
};

export const backupWatchJob: Job = {
  name: "backup-watch",
  summary: "Re-judges the backup checks every hour: a backup older than the RPO re-opens the backup items",
  defaultSchedule: "0 * * * *",
  catchUp: "skip",
  when: "hourly, once a backup policy is set",
  appliesOn: () => true,
  appliesTo: hasBackupPolicy,
  async run({ db, launch, now }) {
    if (!backupPolicy(launch)) return NO_POLICY;
    const failed = await failAbandoned(db, launch, now);
    const run = await recordBackupChecks(db, launch, now, { onlyIfChanged: true });
    const abandoned = failed > 0 ? `; ${failed} abandoned run(s) marked failed` : "";
    if (!run) return { summary: `backup checks unchanged${abandoned}` };
    return { summary: `audit run ${run.id}: ${run.results.map((r) => `${r.id} ${r.status}`).join(", ")}${abandoned}` };
  },
};

/** Append to `launchJobs` in registry.ts. */
export const backupJobs: Job[] = [backupNightlyJob, restoreDrillJob, backupWatchJob];
