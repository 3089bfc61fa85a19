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

/**
 * Claims (job, launch, slot) and, if this replica won it, runs the job, keeping the lease
 * alive with heartbeats, and records the outcome. Exactly one replica runs a slot.
 */
export async function runClaimed(deps: RunnerDeps, job: Job, launch: Launch, slot: Date, trigger: JobTrigger, now: Date): Promise<RunResult> {
  const { db, log, clock, replica } = deps;
  const leaseMs = deps.leaseMs ?? DEFAULT_LEASE_MS;
  const runId = await jobRunsRepo.claim(db, { job: job.name, launchId: launch.id, slot, trigger, replica, at: now, leaseMs });
  if (runId === null) return { claimed: false };
  const heartbeat = setInterval(() => {
    jobRunsRepo.heartbeat(db, runId, clock.now(), leaseMs).catch((error) => log.warn({ err: error, runId }, "job heartbeat failed"));
  }, leaseMs / 3);
  heartbeat.unref();
  try {
    const result = await job.run({ db, log, launch, settings: launchSettings(launch), slot, now });
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
}
