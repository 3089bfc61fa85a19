// Scheduled audits: nightly until the launch closes, and every 15 minutes on
// launch day. A launch without an audit target is skipped, not failed.
import { performance } from "node:perf_hooks";
import { auditLaunch, storedTargetInput } from "../domain/audit/audit-service.js";
import type { Job, JobContext, JobResult } from "./job.js";

const JOB_ACTOR = { id: "golive", surface: "job" as const };

async function runScheduledAudit({ db, launch, now }: JobContext): Promise<JobResult> {
  if (!storedTargetInput(launch)) return { summary: "no audit target: set one with launch set --url https://…", outcome: "skipped" };
  const started = performance.now();
  // The run is stamped at the slot's `now` plus the time the checks took.
  const clock = () => new Date(now.getTime() + Math.round(performance.now() - started));
  const run = await auditLaunch(db, launch, { trigger: "scheduled", actor: JOB_ACTOR, now: clock });
  const count = (status: string) => run.results.filter((result) => result.status === status).length;
  const items = (["verified", "reopened", "flagged"] as const).flatMap((kind) => {
    const refs = run.itemChanges.filter((change) => change.change === kind).map((change) => change.ref);
    return refs.length > 0 ? [`${kind} ${refs.join(", ")}`] : [];
  });
  return {
    summary: `run ${run.id}: ${run.unreachable ? `could not reach the site (${run.unreachable})` : `${run.score}/100 (${run.grade})`}; ${count("pass")} pass, ${count("warn")} warn, ${count("fail")} fail, ${count("error")} error${items.length ? `; ${items.join("; ")}` : ""}`,
  };
}

export const auditNightlyJob: Job = {
  name: "audit-nightly",
  summary: "Audits the live site every night: verifies bound items, re-opens regressions and tells their owners",
  defaultSchedule: "0 3 * * *",
  catchUp: "once",
  when: "every night until the launch closes (on launch day the 15-minute audit runs instead)",
  appliesOn: (day) => day.phase !== "closed" && day.phase !== "launch-day",
  run: runScheduledAudit,
};

export const auditLaunchDayJob: Job = {
  name: "audit-launch-day",
  summary: "Audits the live site every 15 minutes on launch day",
  defaultSchedule: "*/15 * * * *",
  catchUp: "skip",
  when: "launch day",
  appliesOn: (day) => day.phase === "launch-day",
  run: runScheduledAudit,
};

/** Append to `launchJobs` in registry.ts. */
export const auditJobs: Job[] = [auditNightlyJob, auditLaunchDayJob];
