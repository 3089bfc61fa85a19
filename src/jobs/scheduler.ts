import type { Launch } from "../domain/launches/types.js";
import { type JobRun, jobRunsRepo } from "../storage/job-runs-repo.js";
import { launchesRepo } from "../storage/launches-repo.js";
import { localDate, minuteOf, slotsBetween, startOfLocalDay } from "./cron.js";
import type { Job } from "./job.js";
import { launchDayOf, launchSettings, type LaunchSettings } from "./launch-settings.js";
import { launchJobs } from "./registry.js";
import { type RunnerDeps, type RunResult, runClaimed } from "./run-job.js";

export interface SchedulerOptions extends RunnerDeps {
  jobs?: Job[];
}

export interface TickRun {
  job: string;
  launch: string;
  slot: Date;
  result: RunResult;
}

export interface Scheduler {
  /**
   * Runs every slot that fell due since the previous tick (on the first tick: since local
   * midnight, which is the catch-up on start). Safe to call from several replicas at once.
   */
  tick(now: Date): Promise<TickRun[]>;
  /** Marks runs whose process died as failed; returns them (also logged). */
  failAbandoned(now: Date, deadReplicas?: string[]): Promise<JobRun[]>;
}

/** The cron expression a launch uses for a job. */
export const scheduleOf = (job: Job, settings: LaunchSettings) => settings.jobs.schedules[job.name] ?? job.defaultSchedule;

/**
 * Which of the slots in the window to run: the catch-up policy. A job that is "once" runs
 * only the latest (a readiness post from yesterday is worth nothing today); "skip" runs it
 * only if it is the current minute's.
 */
function pick(job: Job, slots: Date[], now: Date): { slot: Date; trigger: "schedule" | "catch-up" } | null {
  const latest = slots.at(-1);
  if (!latest) return null;
  const current = latest.getTime() === minuteOf(now).getTime();
  if (current) return { slot: latest, trigger: "schedule" };
  return job.catchUp === "once" ? { slot: latest, trigger: "catch-up" } : null;
}

export function createScheduler(opts: SchedulerOptions): Scheduler {
  const jobs = opts.jobs ?? launchJobs;
  let lastTick: Date | null = null;

  async function dueRuns(launch: Launch, now: Date) {
    const settings = launchSettings(launch);
    const since = lastTick ?? new Date(startOfLocalDay(launch.timezone, now).getTime() - 1);
    const due: { job: Job; slot: Date; trigger: "schedule" | "catch-up" }[] = [];
    for (const job of jobs) {
      if (job.appliesTo && !job.appliesTo(launch)) continue;
      const slots = slotsBetween(scheduleOf(job, settings), launch.timezone, since, now).filter((slot) =>
        job.appliesOn(launchDayOf(launch, settings, localDate(launch.timezone, slot))),
      );
      const chosen = pick(job, slots, now);
      if (chosen) due.push({ job, ...chosen });
    }
    return due;
  }

  const scheduler: Scheduler = {
    async failAbandoned(now, deadReplicas) {
      const dead = await jobRunsRepo.failAbandoned(opts.db, now, deadReplicas);
      for (const run of dead) {
        opts.log.error({ job: run.job, launchId: run.launchId, slot: run.slot, replica: run.replica, runId: run.id }, `job run abandoned: ${run.error}`);
      }
      return dead;
    },
    async tick(now) {
      await scheduler.failAbandoned(now);
      const ran: TickRun[] = [];
      for (const launch of await launchesRepo.list(opts.db)) {
        let due: Awaited<ReturnType<typeof dueRuns>>;
        try {
          due = await dueRuns(launch, now);
        } catch (error) {
          opts.log.error({ launch: launch.name, error: (error as Error).message }, "launch schedules are invalid; its jobs do not run");
          continue;
        }
        for (const { job, slot, trigger } of due) {
          if (job.hasWork && !(await job.hasWork({ db: opts.db, launch, now }))) continue;
          ran.push({ job: job.name, launch: launch.name, slot, result: await runClaimed(opts, job, launch, slot, trigger, now) });
        }
      }
      lastTick = now;
      return ran;
    },
  };
  return scheduler;
}
