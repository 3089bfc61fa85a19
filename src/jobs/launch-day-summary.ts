import { localParts } from "./cron.js";
import type { Job } from "./job.js";
import { postToTargets } from "./post-to-targets.js";
import { launchState, postTargets } from "../domain/announcements/launch-state.js";
import { launchDaySummary } from "../domain/announcements/messages.js";

export const launchDaySummaryJob: Job = {
  name: "launch-day-summary",
  summary: "Summary post every 30 minutes on launch day, once `launch start` was run",
  defaultSchedule: "*/30 * * * *",
  catchUp: "skip",
  when: "launch day, after `launch start`",
  appliesOn: (day) => day.phase === "launch-day" && day.started,
  async run({ db, launch, slot, now }) {
    return db.transaction(async (tx) => {
      const targets = await postTargets(tx, launch.id, { includeShell: true });
      if (targets.length === 0) return { summary: "no conversation bound", outcome: "skipped" };
      const { readiness } = await launchState(tx, launch, now);
      const p = localParts(slot, launch.timezone);
      const payload = launchDaySummary(launch, readiness, `${String(p.hour).padStart(2, "0")}:${String(p.minute).padStart(2, "0")}`);
      return postToTargets(tx, launch.id, targets, payload, now);
    });
  },
};
