import { daysBetween } from "../domain/launches/calendar.js";
import { dailyDigest } from "./daily-digest.js";
import type { Job } from "./job.js";
import { postToTargets } from "./post-to-targets.js";
import { launchState, postTargets } from "../domain/announcements/launch-state.js";
import { hypercarePost } from "../domain/announcements/messages.js";

export const hypercarePostJob: Job = {
  name: "hypercare-post",
  summary: "Morning post during hypercare with the post-launch items still open, and the daily error digest right after it",
  defaultSchedule: "0 9 * * *",
  catchUp: "once",
  when: "hypercare, T+1d … T+7d (phases.hypercareDays)",
  appliesOn: (day) => day.phase === "hypercare",
  async run({ db, launch, settings, now, slot }) {
    // The digest reads logs (slow): made before the transaction that queues both posts.
    const digest = (await postTargets(db, launch.id, { includeShell: true })).length > 0 ? await dailyDigest(db, launch, slot, now) : null;
    return db.transaction(async (tx) => {
      const targets = await postTargets(tx, launch.id, { includeShell: true });
      if (targets.length === 0) return { summary: "no conversation bound", outcome: "skipped" };
      const { items, today } = await launchState(tx, launch, now);
      const open = items.filter((i) => i.phase === "post-launch" && (i.state === "open" || i.state === "blocked"));
      const day = daysBetween(launch.launchDate, today);
      const payload = hypercarePost(launch, open, today, day, settings.phases.hypercareDays);
      const posted = await postToTargets(tx, launch.id, targets, payload, now);
      if (!digest) return posted;
      await postToTargets(tx, launch.id, targets, digest.reply, now);
      return { summary: `${posted.summary}; ${digest.summary}` };
    });
  },
};
