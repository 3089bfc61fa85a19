// One backup of a launch, from the row that says it runs to the artifact that is good (or
// the failure that says why not). Called by the backup-nightly job, for the schedule and
// for `backup now`.
import { performance } from "node:perf_hooks";
import { GoliveError } from "../../errors.js";
import { backupsRepo } from "../../storage/backups-repo.js";
import type { Database } from "../../storage/database.js";
import { eventsRepo } from "../../storage/events-repo.js";
import type { Target } from "../announcements/launch-state.js";
import { noteBackupSucceeded } from "../incidents/backup-failures.js";
import type { Actor, Launch } from "../launches/types.js";
import { failAbandoned } from "./abandoned.js";
import { recordBackupChecks } from "./checks.js";
import { type ArtifactSink, openSink } from "./destinations.js";
import { reportFailure } from "./failures.js";
import { backupRunning, backupSucceeded, backupUpdateKey } from "./messages.js";
import { postInPlace, progressTargets } from "./notify.js";
import { type DumpResult, dumpToSinks, type Progress } from "./pipeline.js";
import { describeDestination, requirePolicy } from "./policy.js";
import { applyRetention } from "./prune.js";
import { passphraseFromEnv } from "./secrets.js";
import { addressFromEnv } from "./source.js";
import { COMPRESSION_LEVEL, type CompressionAlgorithm } from "./streams.js";
import { hasZstd } from "./tools.js";
import type { Backup, Manifest } from "./types.js";

export interface RunOptions {
  actor: Actor;
  /** When the run started (the job slot's now); later times add the measured duration. */
  now: Date;
  jobRunId: number | null;
  /** The conversation that asked, if it is not one of the launch's channels. */
  requester?: Target;
  signal?: AbortSignal;
  progressEveryMs?: number;
  /** Also told of each progress step (the flow waits for it). */
  observe?: (progress: Progress) => Promise<void> | void;
}

/** A run that failed: already recorded and reported (see failures.ts). */
export class RunFailed extends Error {}

const stamp = (at: Date) => at.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z");

export function artifactName(launch: Launch, id: number, at: Date, compression: CompressionAlgorithm): string {
  return `${launch.name}-${stamp(at)}-${id}.dump.${compression === "zstd" ? "zst" : "gz"}.gpg`;
}

function buildManifest(launch: Launch, backup: Backup, sinks: ArtifactSink[], r: DumpResult, compression: CompressionAlgorithm, startedAt: Date): Manifest {
  return {
    backup: backup.id,
    launch: launch.name,
    artifact: backup.name,
    source: { database: r.database, sizeBytes: r.sizeBytes, serverVersion: r.serverVersion },
    pgDumpVersion: r.pgDumpVersion,
    format: "pg_dump custom (-Fc, uncompressed)",
    startedAt: startedAt.toISOString(),
    finishedAt: new Date(startedAt.getTime() + r.durationMs).toISOString(),
    durationMs: r.durationMs,
    bytesIn: r.bytesIn,
    bytesOut: r.bytesOut,
    sha256: r.sha256,
    tables: r.tables,
    compression: { algorithm: compression, level: COMPRESSION_LEVEL[compression] },
    cipher: r.cipher,
    locations: sinks.map((s) => s.location),
  };
}

export async function runBackup(db: Database, launch: Launch, opts: RunOptions): Promise<Backup> {
  const policy = requirePolicy(launch);
  const t0 = performance.now();
  const at = () => new Date(opts.now.getTime() + Math.round(performance.now() - t0));
  await failAbandoned(db, launch, opts.now);
  const compression: CompressionAlgorithm = (await hasZstd()) ? "zstd" : "gzip";
  const { backup, targets } = await db.transaction(async (tx) => {
    const inserted = await backupsRepo.insert(tx, { launchId: launch.id, jobRunId: opts.jobRunId, actor: opts.actor.id, surface: opts.actor.surface, startedAt: opts.now, name: "" });
    const b = { ...inserted, name: artifactName(launch, inserted.id, opts.now, compression) };
    await backupsRepo.rename(tx, b.id, b.name);
    await eventsRepo.append(tx, {
      launchId: launch.id,
      itemKey: null,
      kind: "backup.started",
      actor: opts.actor.id,
      surface: opts.actor.surface,
      at: opts.now,
      before: null,
      after: { backup: b.id, artifact: b.name, destinations: policy.destinations.map(describeDestination) },
      note: null,
    });
    const to = await progressTargets(tx, launch.id, opts.requester);
    await postInPlace(tx, launch.id, to, backupUpdateKey(b.id), backupRunning(launch, b, null), opts.now, true);
    return { backup: b, targets: to };
  });
  const sinks: ArtifactSink[] = [];
  let good: Backup;
  try {
    const source = addressFromEnv(policy.sourceEnv);
    const passphrase = passphraseFromEnv(policy.passphraseEnv);
    for (const d of policy.destinations) sinks.push(await openSink(d, backup.name, { endpoint: policy.s3Endpoint }));
    const previous = await backupsRepo.newestGood(db, launch.id);
    const result = await dumpToSinks({
      source,
      passphrase,
      sinks,
      compression,
      previousBytesIn: previous?.bytesIn ?? undefined,
      progressEveryMs: opts.progressEveryMs,
      signal: opts.signal,
      onProgress: async (progress) => {
        await opts.observe?.(progress);
        await db.transaction((tx) => postInPlace(tx, launch.id, targets, backupUpdateKey(backup.id), backupRunning(launch, backup, progress), at()));
      },
    });
    const manifest = buildManifest(launch, backup, sinks, result, compression, opts.now);
    const json = `${JSON.stringify(manifest, null, 2)}\n`;
    for (const sink of sinks) await sink.commit(json);
    const finishedAt = new Date(manifest.finishedAt);
    good = await db.transaction(async (tx) => {
      await backupsRepo.markGood(tx, backup.id, manifest, finishedAt);
      await eventsRepo.append(tx, {
        launchId: launch.id,
        itemKey: null,
        kind: "backup.succeeded",
        actor: opts.actor.id,
        surface: opts.actor.surface,
        at: finishedAt,
        before: { status: "running" },
        after: { backup: backup.id, status: "good", artifact: backup.name, sha256: manifest.sha256, bytesIn: manifest.bytesIn, bytesOut: manifest.bytesOut, tables: manifest.tables.length },
        note: null,
      });
      await noteBackupSucceeded(tx, launch, "backup", backup.id, finishedAt);
      return (await backupsRepo.byId(tx, launch.id, backup.id))!;
    });
  } catch (error) {
    await Promise.all(sinks.map((s) => s.abort().catch(() => {})));
    const reason = failureReason(error);
    await reportFailure(db, launch, { kind: "backup", backupId: backup.id, reason }, { actor: opts.actor, at: at(), requester: opts.requester, policy });
    throw new RunFailed(`backup ${backup.id} failed: ${reason}`);
  }
  const pruned = await applyRetention(db, launch, policy, opts.actor, at());
  await db.transaction((tx) => postInPlace(tx, launch.id, targets, backupUpdateKey(good.id), backupSucceeded(launch, good, pruned.pruned), at()));
  await recordBackupChecks(db, launch, at());
  return good;
}

/** What went wrong, in words for chat: a configuration error with its fix, or the failing stage's message. */
export function failureReason(error: unknown): string {
  if (error instanceof GoliveError) return error.hint ? `${error.message} ${error.hint}` : error.message;
  return (error as Error)?.message ?? String(error);
}
