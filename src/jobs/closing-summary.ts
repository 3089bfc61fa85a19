import { eventsRepo } from "../storage/events-repo.js";
import type { Job } from "./job.js";
import { postToTargets } from "./post-to-targets.js";
import { launchState, postTargets } from "../domain/announcements/launch-state.js";
import { closingSummary } from "../domain/announcements/messages.js";

/** Days after hypercare in which a missed closing summary is still caught up. */
const CLOSING_WINDOW_DAYS = 3;

export const closingSummaryJob: Job = {
  name: "closing-summary",
  summary: "One closing summary after hypercare: done, waived, left open; then golive posts nothing more",
  defaultSchedule: "0 9 * * *",
  catchUp: "once",
  when: "once, the first morning after hypercare",
  appliesOn: (day) => day.phase === "closed" && day.daysClosed <= CLOSING_WINDOW_DAYS,
  async run({ db, launch, now }) {
    return db.transaction(async (tx) => {
      const { events } = await eventsRepo.list(tx, launch.id, { kindPrefix: "launch.closed", limit: 1 });
      if (events.length > 0) return { summary: "closing summary already posted", outcome: "skipped" };
      const targets = await postTargets(tx, launch.id, { includeShell: true });
      const { readiness, items } = await launchState(tx, launch, now);
      const payload = closingSummary(launch, readiness, items);
      const posted = await postToTargets(tx, launch.id, targets, payload, now);
      await eventsRepo.append(tx, {
        launchId: launch.id,
        itemKey: null,
        kind: "launch.closed",
        actor: "golive",
        surface: "job",
        at: now,
        before: null,
        after: { done: readiness.done, total: readiness.total, skipped: readiness.skipped, open: readiness.open },
        note: null,
      });
      return posted;
    });
  },
};
