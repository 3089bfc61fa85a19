import { z } from "zod";
import { requireRole } from "../src/domain/launches/roles.js";
import { GoliveError } from "../src/errors.js";
import { cronExpression, localStamp } from "../src/jobs/cron.js";
import { launchSettings } from "../src/jobs/launch-settings.js";
import { nextRun } from "../src/jobs/next-run.js";
import { launchJobs, requireJob } from "../src/jobs/registry.js";
import { scheduleOf } from "../src/jobs/scheduler.js";
import { reply } from "../src/render/reply.js";
import { eventsRepo } from "../src/storage/events-repo.js";
import { jobRunsRepo } from "../src/storage/job-runs-repo.js";
import { launchesRepo } from "../src/storage/launches-repo.js";
import { jobRunJson } from "./json.js";
import { defineCommand, type LaunchContext } from "./types.js";

/** `readiness-post=0 8 * * 1-5` or `readiness-post=default`. */
const scheduleArg = z
  .string()
  .regex(/^[a-z-]+=.+$/, 'write it as <job>="<cron>", e.g. readiness-post="0 8 * * 1-5", or <job>=default');

async function setSchedule(ctx: LaunchContext, value: string) {
  requireRole(ctx.role, "release-manager", "jobs --schedule", ctx.launch);
  const [name, ...rest] = value.split("=");
  const expression = rest.join("=").trim();
  const job = requireJob(name!);
  if (expression !== "default") {
    const parsed = cronExpression.safeParse(expression);
    if (!parsed.success) throw new GoliveError("usage", parsed.error.issues[0]!.message, 'Quote the expression: jobs --schedule "readiness-post=0 8 * * 1-5"');
  }
  const { db, clock } = ctx.services;
  await db.transaction(async (tx) => {
    const launch = (await launchesRepo.byId(tx, ctx.launch.id, true))!;
    const current = launchSettings(launch);
    const schedules = { ...current.jobs.schedules };
    const before = schedules[job.name] ?? null;
    if (expression === "default") delete schedules[job.name];
    else schedules[job.name] = expression;
    await launchesRepo.update(tx, launch.id, { settings: { ...launch.settings, jobs: { ...current.jobs, schedules } } });
    await eventsRepo.append(tx, {
      launchId: launch.id,
      itemKey: null,
      kind: "launch.schedule",
      actor: ctx.actor.id,
      surface: ctx.actor.surface,
      at: clock.now(),
      before: { job: job.name, schedule: before },
      after: { job: job.name, schedule: schedules[job.name] ?? null },
      note: null,
    });
  });
  return expression === "default" ? `${job.name} is back on its default schedule (${job.defaultSchedule}).` : `${job.name} now runs at "${expression}" (${ctx.launch.timezone}).`;
}

export default defineCommand({
  name: "jobs",
  scope: "launch",
  role: "viewer",
  summary: "Scheduled jobs of the launch: schedule, when they apply, next run, last run and outcome",
  usage: 'jobs [--schedule <job>="<cron>"|<job>=default] [--json]',
  examples: ["jobs", 'jobs --schedule "readiness-post=0 8 * * 1-5"', "jobs --schedule readiness-post=default", "jobs --json"],
  flags: { schedule: "string", json: "boolean" },
  args: z.object({ schedule: scheduleArg.optional(), json: z.boolean().default(false) }),
  async run({ schedule, json }, ctx) {
    const changed = schedule ? await setSchedule(ctx, schedule) : null;
    const { db, clock } = ctx.services;
    const launch = schedule ? (await launchesRepo.byId(db, ctx.launch.id))! : ctx.launch;
    const settings = launchSettings(launch);
    const now = clock.now();
    const last = await jobRunsRepo.latestPerJob(db, launch.id);
    const tz = launch.timezone;
    if (json) {
      const jobs = launchJobs.map((job) => {
        const expression = scheduleOf(job, settings);
        return {
          name: job.name,
          schedule: expression,
          custom: expression !== job.defaultSchedule,
          when: job.when,
          next: nextRun(job, launch, settings, now)?.toISOString() ?? null,
          last: jobRunJson(last.get(job.name)),
        };
      });
      return reply.json({ launch: launch.name, timezone: tz, ...(changed ? { changed } : {}), jobs }, changed ?? `Jobs of ${launch.name}`);
    }
    const lines = launchJobs.map((job) => {
      const expression = scheduleOf(job, settings);
      const next = nextRun(job, launch, settings, now);
      const run = last.get(job.name);
      const lastText = run
        ? `${localStamp(run.slot, tz)} ${run.outcome}${run.trigger === "schedule" ? "" : ` (${run.trigger})`} on ${run.replica}: ${run.error ?? run.summary ?? ""}`
        : "never";
      return [
        `${job.name}  "${expression}"${expression === job.defaultSchedule ? "" : " (custom)"} — ${job.when}`,
        `    next: ${next ? localStamp(next, tz) : "none scheduled"} · last: ${lastText}`,
      ].join("\n");
    });
    const title = `Jobs of ${launch.name} (times in ${tz})`;
    return reply.ok(changed ?? title, [
      ...(changed ? [{ kind: "text" as const, text: changed }] : []),
      { kind: "heading", text: title },
      { kind: "text", text: lines.join("\n") },
      { kind: "text", text: "Run one now: jobs run <job> · past runs: jobs history <job>" },
    ]);
  },
});
