// Every 5 minutes on launch day and in hypercare, the 5xx rate of the latest logs: over the
// launch's threshold it raises (or counts on) the 5xx-rate incident. A launch with the check
// off, no log source or nobody on call records no run (`hasWork`).
import { checkErrorRate, errorRateWatched } from "../domain/incidents/error-rate.js";
import { errorRateOf } from "../domain/incidents/settings.js";
import type { Job } from "./job.js";

export const errorRateJob: Job = {
  name: "error-rate",
  summary: "Reads the latest logs and raises an incident when the 5xx rate is over the threshold (incident setup --5xx-rate)",
  defaultSchedule: "*/5 * * * *",
  catchUp: "skip",
  when: "every 5 minutes on launch day and in hypercare, with a log source and someone on call",
  appliesOn: (day) => day.phase === "launch-day" || day.phase === "hypercare",
  appliesTo: (launch) => errorRateOf(launch).enabled,
  hasWork: ({ db, launch }) => errorRateWatched(db, launch),
  run: ({ db, launch, now }) => checkErrorRate(db, launch, now),
};
