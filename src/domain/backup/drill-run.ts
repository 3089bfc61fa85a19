// One restore drill: an artifact restored into a scratch database on the drill server,
// its rows counted and compared with the manifest; the RTO (restore time) and the RPO
// (age of the newest good backup) recorded against the policy's targets.
import { performance } from "node:perf_hooks";
import { GoliveError } from "../../errors.js";
import { backupsRepo } from "../../storage/backups-repo.js";
import type { Database, Queryable } from "../../storage/database.js";
import { eventsRepo } from "../../storage/events-repo.js";
import { noteBackupSucceeded } from "../incidents/backup-failures.js";
import type { Launch } from "../launches/types.js";
import { failAbandoned } from "./abandoned.js";
import { type RunOptions, RunFailed, failureReason } from "./backup-run.js";
import { recordBackupChecks } from "./checks.js";
import { readArtifact } from "./destinations.js";
import { reportFailure } from "./failures.js";
import { formatBytes } from "./format.js";
import { drillFinished, drillRunning, drillUpdateKey, percent } from "./messages.js";
import { postInPlace, progressTargets } from "./notify.js";
import { requirePolicy } from "./policy.js";
import { DrillFailure, type RestorePhase, restoreAndCount } from "./restore.js";
import { passphraseFromEnv } from "./secrets.js";
import { addressFromEnv } from "./source.js";
import type { Backup, Drill } from "./types.js";

export interface DrillOptions extends Omit<RunOptions, "observe"> {
  /** The artifact to restore; the newest good one when absent. */
  backupId?: number;
  observe?: (phase: RestorePhase) => Promise<void> | void;
}

/** The artifact a drill restores: the one asked for (it must be good), else the newest good one. */
export async function drillCandidate(db: Queryable, launch: Launch, backupId?: number): Promise<Backup> {
  if (backupId === undefined) {
    const newest = await backupsRepo.newestGood(db, launch.id);
    if (!newest) throw new GoliveError("not_found", `${launch.name} has no good backup to drill yet.`, "Take one first: backup now");
    return newest;
  }
  const backup = await backupsRepo.byId(db, launch.id, backupId);
  if (!backup) throw new GoliveError("not_found", `${launch.name} has no backup ${backupId}.`, "See them with: backup list");
  if (backup.status !== "good") throw new GoliveError("conflict", `Backup ${backupId} is ${backup.status}: only good backups can be drilled.`, "See them with: backup list");
  return backup;
}

const PHASES: Record<RestorePhase, string> = {
  decrypting: "Checking the sha256, decrypting (gpg), decompressing and restoring into a scratch database (pg_restore):",
  restoring: "Artifact read and its sha256 checked; pg_restore is finishing (indexes, constraints)…",
  counting: "Counting the rows of every table…",
};

export async function runDrill(db: Database, launch: Launch, opts: DrillOptions): Promise<Drill> {
  const policy = requirePolicy(launch);
  const t0 = performance.now();
  const at = () => new Date(opts.now.getTime() + Math.round(performance.now() - t0));
  await failAbandoned(db, launch, opts.now);
  const backup = await drillCandidate(db, launch, opts.backupId);
  const { drill, targets } = await db.transaction(async (tx) => {
    const d = await backupsRepo.insertDrill(tx, { launchId: launch.id, backupId: backup.id, jobRunId: opts.jobRunId, actor: opts.actor.id, surface: opts.actor.surface, startedAt: opts.now });
    await eventsRepo.append(tx, { launchId: launch.id, itemKey: null, kind: "backup.drill_started", actor: opts.actor.id, surface: opts.actor.surface, at: opts.now, before: null, after: { drill: d.id, backup: backup.id }, note: null });
    const to = await progressTargets(tx, launch.id, opts.requester);
    await postInPlace(tx, launch.id, to, drillUpdateKey(d.id), drillRunning(launch, d, "Fetching the artifact…"), opts.now, true);
    return { drill: d, targets: to };
  });
  const newest = await backupsRepo.newestGood(db, launch.id);
  const rpoMs = newest ? opts.now.getTime() - newest.finishedAt!.getTime() : null;
  const manifest = backup.manifest!;
  let finished: Drill;
  try {
    const server = addressFromEnv(policy.drillTargetEnv ?? policy.sourceEnv);
    const passphrase = passphraseFromEnv(policy.passphraseEnv);
    const location = backup.locations.find((l) => !l.uri.startsWith("s3://")) ?? backup.locations[0];
    if (!location) throw new DrillFailure("the backup has no stored location");
    const result = await restoreAndCount({
      artifact: () => readArtifact(location, { endpoint: policy.s3Endpoint }),
      sha256: manifest.sha256,
      compression: manifest.compression.algorithm,
      passphrase,
      server,
      label: `${launch.name}_${drill.id}`,
      expected: manifest.tables,
      bytes: manifest.bytesOut,
      progressEveryMs: opts.progressEveryMs,
      signal: opts.signal,
      onPhase: async (phase, { bytesRead }) => {
        await opts.observe?.(phase);
        const detail = phase === "decrypting" ? ` ${formatBytes(bytesRead)} of ${formatBytes(manifest.bytesOut)} read${percent(bytesRead, manifest.bytesOut)}.` : "";
        await db.transaction((tx) => postInPlace(tx, launch.id, targets, drillUpdateKey(drill.id), drillRunning(launch, drill, `${PHASES[phase]}${detail}`), at()));
      },
    });
    if (result.mismatched.length > 0) {
      const names = result.mismatched.map((t) => `${t.table} (manifest ${t.expected ?? "missing"}, restored ${t.restored ?? "missing"})`);
      throw Object.assign(new DrillFailure(`${result.mismatched.length} table(s) differ from the manifest: ${names.slice(0, 10).join(", ")}`, result.tables), { rtoMs: result.durationMs });
    }
    finished = await db.transaction(async (tx) => {
      const endAt = at();
      await backupsRepo.finishDrill(tx, drill.id, { status: "passed", finishedAt: endAt, rtoMs: result.durationMs, rpoMs, tables: result.tables, error: null });
      const rows = result.tables.reduce((sum, t) => sum + (t.restored ?? 0), 0);
      await eventsRepo.append(tx, {
        launchId: launch.id,
        itemKey: null,
        kind: "backup.drill_passed",
        actor: opts.actor.id,
        surface: opts.actor.surface,
        at: endAt,
        before: { status: "running" },
        after: { drill: drill.id, backup: backup.id, sha256: backup.sha256, tables: result.tables.length, rows, rtoMs: result.durationMs, rpoMs },
        note: null,
      });
      await noteBackupSucceeded(tx, launch, "drill", drill.id, endAt);
      const done = (await backupsRepo.drillById(tx, launch.id, drill.id))!;
      await postInPlace(tx, launch.id, targets, drillUpdateKey(drill.id), drillFinished(launch, done, policy), endAt);
      return done;
    });
  } catch (error) {
    const tables = error instanceof DrillFailure ? error.tables : [];
    const rtoMs = (error as { rtoMs?: number }).rtoMs ?? null;
    const reason = failureReason(error);
    await reportFailure(db, launch, { kind: "drill", drillId: drill.id, reason, tables, rtoMs, rpoMs }, { actor: opts.actor, at: at(), requester: opts.requester, policy });
    throw new RunFailed(`restore drill ${drill.id} failed: ${reason}`);
  }
  await recordBackupChecks(db, launch, at());
  return finished;
}
