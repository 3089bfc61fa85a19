import { hostname } from "node:os";
import type { Clock } from "../clock.js";
import type { Launch } from "../domain/launches/types.js";
import type { Logger } from "../log.js";
import type { Database } from "../storage/database.js";
import { type JobOutcome, type JobTrigger, jobRunsRepo } from "../storage/job-runs-repo.js";
import type { Job } from "./job.js";
import { launchSettings } from "./launch-settings.js";

export interface RunnerDeps {
  db: Database;
  log: Logger;
  clock: Clock;
  replica: string;
  /** A run not heard of for this long is taken for dead (its process crashed). */
  leaseMs?: number;
}

const DEFAULT_LEASE_MS = 5 * 60_000;

export const defaultReplica = () => `${hostname()}-${process.pid}`;

export type RunResult =
  | { claimed: false }
  | { claimed: true; runId: number; outcome: Exclude<JobOutcome, "running">; summary: string };

export interface ClaimedRun {
  runId: number;
  /** Settles when the run is over and recorded. */
  done: Promise<Extract<RunResult, { claimed: true }>>;
}

/**
 * Claims (job, launch, slot) and, if this replica won it, starts the run (`run`, the job's
 * own by default), keeping the lease alive with heartbeats and recording the outcome.
 * Exactly one replica runs a slot. Returns null when another claim won.
 */
export async function claimRun(
  deps: RunnerDeps,
  job: Job,
  launch: Launch,
  slot: Date,
  trigger: JobTrigger,
  now: Date,
  run: Job["run"] = job.run,
): Promise<ClaimedRun | null> {
  const { db, log, clock, replica } = deps;
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  const runId = await jobRunsRepo.claim(db, { job: job.name, launchId: launch.id, slot, trigger, replica, at: now, leaseMs });
  if (runId === null) return null;
  const execute = async (): Promise<Extract<RunResult, { claimed: true }>> => {
    const heartbeat = setInterval(() => {
      jobRunsRepo.heartbeat(db, runId, clock.now(), leaseMs).catch((error) => log.warn({ err: error, runId }, "job heartbeat failed"));
    }, leaseMs / 3);
    heartbeat.unref();
    try {
      const result = await run({ db, log, launch, settings: launchSettings(launch), slot, now, runId });
      const outcome = result.outcome ?? "ok";
      await jobRunsRepo.finish(db, runId, clock.now(), outcome, result.summary);
      log.info({ job: job.name, launch: launch.name, slot, trigger, outcome }, result.summary);
      return { claimed: true, runId, outcome, summary: result.summary };
    } catch (error) {
      const message = (error as Error)?.message ?? String(error);
      await jobRunsRepo.finish(db, runId, clock.now(), "failed", "failed", message);
      log.error({ err: error, job: job.name, launch: launch.name, slot, runId }, "job failed");
      return { claimed: true, runId, outcome: "failed", summary: message };
    } finally {
      clearInterval(heartbeat);
    }
  };
  return { runId, done: execute() };
}

/** Claims the slot and runs it to the end (see claimRun). */
export async function runClaimed(deps: RunnerDeps, job: Job, launch: Launch, slot: Date, trigger: JobTrigger, now: Date): Promise<RunResult> {
  const claimed = await claimRun(deps, job, launch, slot, trigger, now);
  return claimed ? claimed.done : { claimed: false };
}
