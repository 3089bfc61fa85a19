// The per-launch knobs of scheduled behaviour, kept in launches.settings (jsonb) and
// validated here so a bad value is one clear error instead of a silent default.
import { z } from "zod";
import { daysBetween, HYPERCARE_DAYS, phaseOn } from "../domain/launches/calendar.js";
import type { Launch, LaunchPhase } from "../domain/launches/types.js";
import { GoliveError } from "../errors.js";
import { cronExpression } from "./cron.js";

const settingsSchema = z.looseObject({
  jobs: z
    .object({
      /** Job name → cron expression in the launch's timezone. */
      schedules: z.record(z.string(), cronExpression).default({}),
    })
    .default({ schedules: {} }),
  phases: z
    .object({
      prelaunchDays: z.number().int().min(0).max(90).default(7),
      hypercareDays: z.number().int().min(0).max(90).default(HYPERCARE_DAYS),
    })
    .default({ prelaunchDays: 7, hypercareDays: HYPERCARE_DAYS }),
  /** Set by `launch start`; `startedOn` is the local date it was run. */
  launchDay: z.object({ startedOn: z.string(), startedAt: z.string(), startedBy: z.string() }).optional(),
});

export type LaunchSettings = z.infer<typeof settingsSchema>;

export function launchSettings(launch: Launch): LaunchSettings {
  const parsed = settingsSchema.safeParse(launch.settings);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new GoliveError(
    "config",
    `Launch ${launch.name} has invalid settings at ${issue.path.join(".") || "settings"}: ${issue.message}.`,
    "Fix it with `jobs --schedule <job>=<cron>` (or `<job>=default`).",
  );
}

/** Where a local date falls for a launch: the phase and the distance to launch day. */
export interface LaunchDay {
  phase: LaunchPhase;
  /** Days until launch day (negative after it). */
  daysToLaunch: number;
  /** Days since the launch closed (hypercare ended); negative before. */
  daysClosed: number;
  prelaunchDays: number;
  /** `launch start` was run on launch day. */
  started: boolean;
}

export function launchDayOf(launch: Launch, settings: LaunchSettings, localDate: string): LaunchDay {
  const daysToLaunch = daysBetween(localDate, launch.launchDate);
  const { prelaunchDays, hypercareDays } = settings.phases;
  return {
    phase: phaseOn(launch.launchDate, localDate, hypercareDays),
    daysToLaunch,
    daysClosed: -daysToLaunch - hypercareDays,
    prelaunchDays,
    started: daysToLaunch === 0 && settings.launchDay?.startedOn === launch.launchDate,
  };
}
