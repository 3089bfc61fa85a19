import type { Launch } from "../domain/launches/types.js";
import type { Logger } from "../log.js";
import type { Database } from "../storage/database.js";
import type { LaunchDay, LaunchSettings } from "./launch-settings.js";

export interface JobContext {
  db: Database;
  log: Logger;
  launch: Launch;
  settings: LaunchSettings;
  /** The slot this run was claimed for. */
  slot: Date;
  now: Date;
  /** The job_runs row of this run. */
  runId: number;
}

export interface JobResult {
  /** One line for `jobs` and `jobs history`. */
  summary: string;
  outcome?: "ok" | "skipped";
}

export interface Job {
  name: string;
  summary: string;
  /** Cron expression in the launch's timezone; a launch may override it (`jobs --schedule`). */
  defaultSchedule: string;
  /** Slots missed while no replica was up: run the latest one once, or skip them. */
  catchUp: "once" | "skip";
  /** When in a launch's life the job runs (by the slot's local date), in words for `jobs`. */
  when: string;
  appliesOn(day: LaunchDay): boolean;
  /** When set, a slot is claimed (and a run recorded) only if there is work: jobs that look every minute. */
  hasWork?(ctx: Pick<JobContext, "db" | "launch" | "now">): Promise<boolean>;
  /** Whether the launch uses the job at all (e.g. it has a backup policy); absent: every launch. */
  appliesTo?(launch: Launch): boolean;
  run(ctx: JobContext): Promise<JobResult>;
}
