import { auditJobs } from "./audit-job.js";
import { closingSummaryJob } from "./closing-summary.js";
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
];

export const findJob = (jobs: Job[], name: string) => jobs.find((j) => j.name === name);
