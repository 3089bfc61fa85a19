import type { Launch } from "../domain/launches/types.js";
import { localDate, nextSlot, startOfLocalDay } from "./cron.js";
import type { Job } from "./job.js";
import { launchDayOf, type LaunchSettings } from "./launch-settings.js";
import { scheduleOf } from "./scheduler.js";

const MAX_CANDIDATES = 400;
const HORIZON_DAYS = 120;

/** The next slot after `now` on which the job will run for the launch, or null if none is near. */
export function nextRun(job: Job, launch: Launch, settings: LaunchSettings, now: Date): Date | null {
  if (job.appliesTo && !job.appliesTo(launch)) return null;
  const expression = scheduleOf(job, settings);
  let from = now;
  for (let i = 0; i < MAX_CANDIDATES; i++) {
    const slot = nextSlot(expression, launch.timezone, from, HORIZON_DAYS);
    if (!slot || slot.getTime() > now.getTime() + HORIZON_DAYS * 86_400_000) return null;
    if (job.appliesOn(launchDayOf(launch, settings, localDate(launch.timezone, slot)))) return slot;
    // Whether a job applies depends on the date only: skip to the end of that day (23 h: never past a DST day).
    from = new Date(Math.max(slot.getTime(), startOfLocalDay(launch.timezone, slot).getTime() + 23 * 3_600_000));
  }
  return null;
}
