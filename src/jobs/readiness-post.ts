import type { Job } from "./job.js";
import { postToTargets } from "./post-to-targets.js";
import { launchState, postTargets } from "../domain/announcements/launch-state.js";
import { readinessPost } from "../domain/announcements/messages.js";
import { peopleRepo } from "../storage/people-repo.js";

export const readinessPostJob: Job = {
  name: "readiness-post",
  summary: "Morning readiness post in the launch channel: progress, critical open, blocked, overdue, owners",
  defaultSchedule: "0 9 * * *",
  catchUp: "once",
  when: "pre-launch, from T-7d (phases.prelaunchDays)",
  appliesOn: (day) => day.phase === "pre-launch" && day.daysToLaunch <= day.prelaunchDays,
  async run({ db, launch, now }) {
    return db.transaction(async (tx) => {
      const targets = await postTargets(tx, launch.id, { includeShell: true });
      if (targets.length === 0) return { summary: "no conversation bound: run `launch use` in the launch channel", outcome: "skipped" };
      const { readiness, items, names } = await launchState(tx, launch, now);
      // The owners of open items are named in the post: where the surface can, they are mentioned (notified).
      const owners = items.filter((i) => i.state === "open" || i.state === "blocked").map((i) => i.owner);
      const payload = { ...readinessPost(launch, readiness, items, names), mentions: await peopleRepo.mentions(tx, owners) };
      return postToTargets(tx, launch.id, targets, payload, now);
    });
  },
};
