import { personLabel } from "../domain/incidents/people.js";
import type { Item } from "../domain/launches/types.js";
import type { Job } from "./job.js";
import { dmOwner } from "../domain/announcements/announce.js";
import { launchState, ownerId } from "../domain/announcements/launch-state.js";
import { overdueDm } from "../domain/announcements/messages.js";
import { peopleRepo } from "../storage/people-repo.js";

export const overdueDmsJob: Job = {
  name: "overdue-dms",
  summary: "Direct message to each owner listing their overdue items",
  defaultSchedule: "0 9 * * *",
  catchUp: "once",
  when: "pre-launch, from T-7d (phases.prelaunchDays)",
  appliesOn: (day) => day.phase === "pre-launch" && day.daysToLaunch <= day.prelaunchDays,
  async run({ db, launch, now }) {
    return db.transaction(async (tx) => {
      const { readiness, today, names } = await launchState(tx, launch, now);
      const byOwner = new Map<string, Item[]>();
      for (const item of readiness.overdue) {
        if (!item.owner) continue;
        const owner = ownerId(item.owner);
        byOwner.set(owner, [...(byOwner.get(owner) ?? []), item]);
      }
      if (byOwner.size === 0) return { summary: "no owned item is overdue", outcome: "skipped" };
      let messaged = 0;
      for (const [owner, items] of byOwner) {
        const payload = { ...overdueDm(launch, personLabel(owner, names).replace(/^@/, ""), items, today), mentions: await peopleRepo.mentions(tx, [owner]) };
        if ((await dmOwner(tx, launch, owner, payload, now)) > 0) messaged++;
      }
      if (messaged === 0) return { summary: "no owner with overdue items can be messaged (no bound conversation, or owners are names, not user ids)", outcome: "skipped" };
      return { summary: `messaged ${messaged} owner(s) about their overdue items` };
    });
  },
};
