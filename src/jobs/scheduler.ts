import type { Launch } from "../domain/launches/types.js";
import { type JobRun, jobRunsRepo } from "../storage/job-runs-repo.js";
import { launchesRepo } from "../storage/launches-repo.js";
import { localDate, minuteOf, slotsBetween, startOfLocalDay } from "./cron.js";
import type { Job } from "./job.js";
import { launchDayOf, launchSettings, type LaunchSettings } from "./launch-settings.js";
import { launchJobs } from "./registry.js";
import { type RunnerDeps, type RunResult, runClaimed } from "./run-job.js";

/** A first tick looks back to local midnight: at most a day and the widest UTC offset. */
const CLAIMED_WINDOW_MS = 40 * 3_600_000;

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

/**
 * Slots of one tick, computed once per (schedule, timezone, window): launches share their
 * timezone and default schedules, so a thousand launches cost a handful of slot scans.
 */
function slotMemo() {
  const memo = new Map<string, Date[]>();
  return (expression: string, timezone: string, after: Date, until: Date) => {
    const key = `${expression}|${timezone}|${after.getTime()}|${until.getTime()}`;
    let slots = memo.get(key);
    if (!slots) {
      slots = slotsBetween(expression, timezone, after, until);
      memo.set(key, slots);
    }
    return slots;
  };
}

const claimKey = (job: string, launchId: number, slot: Date) => `${job}|${launchId}|${slot.getTime()}`;

export function createScheduler(opts: SchedulerOptions): Scheduler {
  const jobs = opts.jobs ?? launchJobs;
  let lastTick: Date | null = null;

  async function dueRuns(launch: Launch, now: Date, slotsOf: ReturnType<typeof slotMemo>) {
    const settings = launchSettings(launch);
    const since = lastTick ?? new Date(startOfLocalDay(launch.timezone, now).getTime() - 1);
    // Within one local day (always so for the catch-up since midnight) a job that does not apply today needs no slot scan.
    const firstDay = localDate(launch.timezone, new Date(since.getTime() + 60_000));
    const oneDay = firstDay === localDate(launch.timezone, now) ? launchDayOf(launch, settings, firstDay) : null;
    const due: { job: Job; slot: Date; trigger: "schedule" | "catch-up" }[] = [];
    for (const job of jobs) {
      if (job.appliesTo && !job.appliesTo(launch)) continue;
      if (oneDay && !job.appliesOn(oneDay)) continue;
      const slots = slotsOf(scheduleOf(job, settings), launch.timezone, since, now).filter(
        (slot) => oneDay !== null || job.appliesOn(launchDayOf(launch, settings, localDate(launch.timezone, slot))),
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
      const slotsOf = slotMemo();
      // Slots claimed already (by this or another replica) are not claimed again: one read, not an insert attempt each.
      const claimed = new Set((await jobRunsRepo.claimedSince(opts.db, lastTick ?? new Date(now.getTime() - CLAIMED_WINDOW_MS))).map((r) => claimKey(r.job, r.launchId, r.slot)));
      for (const launch of await launchesRepo.list(opts.db)) {
        let due: Awaited<ReturnType<typeof dueRuns>>;
        try {
          due = (await dueRuns(launch, now, slotsOf)).filter(({ job, slot }) => !claimed.has(claimKey(job.name, launch.id, slot)));
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
