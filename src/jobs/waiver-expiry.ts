import { dateIn } from "../domain/launches/calendar.js";
import { expireWaivers } from "../domain/launches/waivers.js";
import type { Job } from "./job.js";

export const waiverExpiryJob: Job = {
  name: "waiver-expiry",
  summary: "Re-opens items whose waiver (skip --until) ended and tells their owners",
  defaultSchedule: "5 0 * * *",
  catchUp: "once",
  when: "every day until the launch closes",
  appliesOn: (day) => day.phase !== "closed",
  async run({ db, launch, now }) {
    const reopened = await expireWaivers(db, launch, dateIn(launch.timezone, now), now);
    if (reopened.length === 0) return { summary: "no waiver ended", outcome: "skipped" };
    return { summary: `re-opened ${reopened.map((i) => i.ref).join(", ")}` };
  },
};
