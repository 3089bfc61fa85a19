import { GoliveError } from "../errors.js";
import { auditJobs } from "./audit-job.js";
import { backupJobs } from "./backup-jobs.js";
import { closingSummaryJob } from "./closing-summary.js";
import { errorRateJob } from "./error-rate-job.js";
import { escalationJob } from "./escalation-job.js";
import { hypercarePostJob } from "./hypercare-post.js";
import type { Job } from "./job.js";
import { launchDaySummaryJob } from "./launch-day-summary.js";
import { overdueDmsJob } from "./overdue-dms.js";
import { readinessPostJob } from "./readiness-post.js";
import { waiverExpiryJob } from "./waiver-expiry.js";

/** Every scheduled job, in the order `jobs` lists them. */
export const launchJobs: Job[] = [
  waiverExpiryJob,
  readinessPostJob,
  overdueDmsJob,
  launchDaySummaryJob,
  hypercarePostJob,
  closingSummaryJob,
  ...auditJobs,
  escalationJob,
  errorRateJob,
  ...backupJobs,
];

/** The scheduled job called `name`; a user error listing the jobs when there is none. */
export function requireJob(name: string): Job {
  const job = launchJobs.find((j) => j.name === name);
  if (!job) throw new GoliveError("not_found", `There is no job "${name}".`, `Jobs: ${launchJobs.map((j) => j.name).join(", ")}`);
  return job;
}
