import type { Item } from "../domain/launches/types.js";
import { outboxRepo } from "../storage/outbox-repo.js";
import type { Job } from "./job.js";
import { dmSurfaces, launchState, ownerId } from "../domain/announcements/launch-state.js";
import { overdueDm } from "../domain/announcements/messages.js";

export const overdueDmsJob: Job = {
  name: "overdue-dms",
  summary: "Direct message to each owner listing their overdue items",
  defaultSchedule: "0 9 * * *",
  catchUp: "once",
  when: "pre-launch, from T-7d (phases.prelaunchDays)",
  appliesOn: (day) => day.phase === "pre-launch" && day.daysToLaunch <= day.prelaunchDays,
  async run({ db, launch, now }) {
    return db.transaction(async (tx) => {
      const { readiness, today } = await launchState(tx, launch, now);
      const byOwner = new Map<string, Item[]>();
      for (const item of readiness.overdue) {
        if (!item.owner) continue;
        const owner = ownerId(item.owner);
        byOwner.set(owner, [...(byOwner.get(owner) ?? []), item]);
      }
      if (byOwner.size === 0) return { summary: "no owned item is overdue", outcome: "skipped" };
      let messaged = 0;
      for (const [owner, items] of byOwner) {
        const surfaces = await dmSurfaces(tx, launch.id, owner);
        if (surfaces.length > 0) messaged++;
        const payload = overdueDm(launch, owner, items, today);
        for (const surface of surfaces) {
          await outboxRepo.enqueue(tx, { launchId: launch.id, surface, conversation: owner, kind: "dm", payload, at: now });
        }
      }
      if (messaged === 0) return { summary: "no owner with overdue items can be messaged (no bound conversation, or owners are names, not user ids)", outcome: "skipped" };
      return { summary: `messaged ${messaged} owner(s) about their overdue items` };
    });
  },
};
