// The backup.* audit checks: judged from golive's own records of backups, drills and
// retention, and recorded through the audit machinery so that they verify, re-open and
// notify exactly like the live checks.
import { nextSlot, slotsBetween } from "../../jobs/cron.js";
import { auditRepo } from "../../storage/audit-repo.js";
import { backupsRepo } from "../../storage/backups-repo.js";
import type { Database, Queryable } from "../../storage/database.js";
import { eventsRepo } from "../../storage/events-repo.js";
import { recordResults } from "../audit/audit-service.js";
import type { AuditRun } from "../audit/audit-run.js";
import type { CheckResult, CheckStatus } from "../audit/types.js";
import type { Actor, Launch } from "../launches/types.js";
import { formatDuration } from "./format.js";
import { type BackupPolicy, backupPolicy, DEFAULT_DRILL_SCHEDULE, DRILL_JOB, describeKeep } from "./policy.js";
import type { Backup } from "./types.js";

const GOLIVE: Actor = { id: "golive", surface: "job" };
/** Slack after a drill's period before `backup.restorable` fails: a drill that runs late is not yet a missing one. */
export const DRILL_MARGIN_MS = 2 * 86_400_000;

const result = (id: string, status: CheckStatus, summary: string, evidence: Record<string, unknown>): CheckResult => ({ id, status, summary, evidence });

export function drillSchedule(launch: Launch): string {
  const schedules = (launch.settings.jobs as { schedules?: Record<string, string> } | undefined)?.schedules;
  return schedules?.[DRILL_JOB] ?? DEFAULT_DRILL_SCHEDULE;
}

/** The longest gap between two drill slots (a month for the default monthly schedule). */
export function drillPeriodMs(launch: Launch, now: Date): number {
  const first = nextSlot(drillSchedule(launch), launch.timezone, now);
  if (!first) return 400 * 86_400_000;
  const slots = slotsBetween(drillSchedule(launch), launch.timezone, new Date(first.getTime() - 60_000), new Date(first.getTime() + 400 * 86_400_000), 4);
  let longest = 0;
  for (let i = 1; i < slots.length; i++) longest = Math.max(longest, slots[i]!.getTime() - slots[i - 1]!.getTime());
  return longest || 400 * 86_400_000;
}

const artifactEvidence = (b: Backup) => ({ backup: b.id, artifact: b.name, sha256: b.sha256, finishedAt: b.finishedAt?.toISOString(), bytes: b.bytesOut });

async function freshness(newest: Backup | null, policy: BackupPolicy, now: Date): Promise<CheckResult> {
  if (!newest) return result("backup.fresh", "fail", "there is no good backup yet", { rpoMinutes: policy.rpoMinutes });
  const ageMs = now.getTime() - newest.finishedAt!.getTime();
  const evidence = { ...artifactEvidence(newest), ageMinutes: Math.round(ageMs / 60_000), rpoMinutes: policy.rpoMinutes };
  const age = `backup ${newest.id} is ${formatDuration(ageMs)} old`;
  return ageMs <= policy.rpoMinutes * 60_000
    ? result("backup.fresh", "pass", `${age}, within the RPO of ${formatDuration(policy.rpoMinutes * 60_000)}`, evidence)
    : result("backup.fresh", "fail", `${age}: older than the RPO of ${formatDuration(policy.rpoMinutes * 60_000)} (a night was missed)`, evidence);
}

async function restorability(db: Queryable, launch: Launch, policy: BackupPolicy, now: Date): Promise<CheckResult> {
  const drill = (await backupsRepo.drills(db, launch.id, 20)).find((d) => d.status !== "running");
  if (!drill) return result("backup.restorable", "fail", "no restore drill has run yet (backup drill)", {});
  const backup = await backupsRepo.byId(db, launch.id, drill.backupId);
  const rows = drill.tables.reduce((sum, t) => sum + (t.restored ?? 0), 0);
  const evidence = {
    drill: drill.id,
    result: drill.status,
    backup: drill.backupId,
    sha256: backup?.sha256 ?? null,
    finishedAt: drill.finishedAt?.toISOString(),
    tables: drill.tables.length,
    rows,
    rtoMs: drill.rtoMs,
    rtoTargetMinutes: policy.rtoMinutes,
    rpoMs: drill.rpoMs,
    rpoTargetMinutes: policy.rpoMinutes,
  };
  if (drill.status === "failed") return result("backup.restorable", "fail", `restore drill ${drill.id} of backup ${drill.backupId} failed: ${drill.error}`, evidence);
  const ageMs = now.getTime() - drill.finishedAt!.getTime();
  const allowedMs = drillPeriodMs(launch, now) + DRILL_MARGIN_MS;
  if (ageMs > allowedMs) {
    return result("backup.restorable", "fail", `the last passed drill (${drill.id}) is ${formatDuration(ageMs)} old; drills are due every ${formatDuration(allowedMs - DRILL_MARGIN_MS)}`, evidence);
  }
  if (drill.rtoMs !== null && drill.rtoMs > policy.rtoMinutes * 60_000) {
    return result("backup.restorable", "fail", `drill ${drill.id} restored in ${formatDuration(drill.rtoMs)}, over the RTO of ${formatDuration(policy.rtoMinutes * 60_000)}`, evidence);
  }
  return result(
    "backup.restorable",
    "pass",
    `drill ${drill.id} restored backup ${drill.backupId} ${formatDuration(ageMs)} ago: ${drill.tables.length} tables, ${rows} rows equal to the manifest, in ${formatDuration(drill.rtoMs ?? 0)} (RTO ${formatDuration(policy.rtoMinutes * 60_000)})`,
    evidence,
  );
}

function encryption(newest: Backup | null): CheckResult {
  if (!newest?.manifest) return result("backup.encrypted", "fail", "there is no good backup yet", {});
  const cipher = newest.manifest.cipher;
  const evidence = { ...artifactEvidence(newest), cipher };
  return cipher.algorithm === "AES-256" && cipher.packets.startsWith("SKESK v4 + SEIPD")
    ? result("backup.encrypted", "pass", `backup ${newest.id} is ${cipher.format} ${cipher.packets}, ${cipher.algorithm} (read from its first bytes)`, evidence)
    : result("backup.encrypted", "fail", `backup ${newest.id} is ${cipher.packets} ${cipher.algorithm}, not AES-256`, evidence);
}

function offsite(newest: Backup | null, policy: BackupPolicy): CheckResult {
  const remote = policy.destinations.filter((d) => d.kind !== "file");
  if (remote.length === 0) return result("backup.offsite", "fail", "every destination is a local directory; add one off the machine: backup set … --to s3://bucket/prefix", {});
  if (!newest) return result("backup.offsite", "fail", "there is no good backup yet", {});
  const stored = newest.locations.filter((l) => l.uri.startsWith("s3://"));
  const evidence = { ...artifactEvidence(newest), locations: newest.locations.map((l) => l.uri) };
  return stored.length > 0
    ? result("backup.offsite", "pass", `backup ${newest.id} is stored off the machine at ${stored.map((l) => l.uri).join(", ")}`, evidence)
    : result("backup.offsite", "fail", `backup ${newest.id} was not stored off the machine`, evidence);
}

async function retention(db: Queryable, launch: Launch, newest: Backup | null, policy: BackupPolicy): Promise<CheckResult> {
  if (!newest) return result("backup.retention", "fail", "there is no good backup yet, so retention never ran", { keep: describeKeep(policy.keep) });
  const { events } = await eventsRepo.list(db, launch.id, { kindPrefix: "backup.retention_applied", limit: 1 });
  const last = events[0];
  if (!last || last.at.getTime() < newest.finishedAt!.getTime()) {
    return result("backup.retention", "fail", `retention has not been applied since backup ${newest.id}`, { keep: describeKeep(policy.keep) });
  }
  const after = last.after as { kept: number[]; pruned: number[] };
  return result("backup.retention", "pass", `retention ${describeKeep(policy.keep)} applied after backup ${newest.id}: ${after.kept.length} kept, ${after.pruned.length} pruned`, {
    keep: describeKeep(policy.keep),
    at: last.at.toISOString(),
    kept: after.kept,
    pruned: after.pruned,
  });
}

export async function backupCheckResults(db: Queryable, launch: Launch, policy: BackupPolicy, now: Date): Promise<CheckResult[]> {
  const newest = await backupsRepo.newestGood(db, launch.id);
  return [
    await freshness(newest, policy, now),
    await restorability(db, launch, policy, now),
    encryption(newest),
    offsite(newest, policy),
    await retention(db, launch, newest, policy),
  ];
}

/**
 * Records the backup checks as an audit run (trigger `ingest`, by golive) and applies them
 * to the bound items. With `onlyIfChanged`, nothing is recorded while every status is the
 * one already known (the hourly watch).
 */
export async function recordBackupChecks(db: Database, launch: Launch, at: Date, opts: { onlyIfChanged?: boolean } = {}): Promise<AuditRun | null> {
  const policy = backupPolicy(launch);
  if (!policy) return null;
  const results = await backupCheckResults(db, launch, policy, at);
  if (opts.onlyIfChanged) {
    const known = await auditRepo.latestResults(db, launch.id);
    if (results.every((r) => known.get(r.id)?.status === r.status)) return null;
  }
  return recordResults(db, launch, results, { trigger: "ingest", actor: GOLIVE, at });
}
