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
      const surfaces = await dmSurfaces(tx, launch.id);
      if (surfaces.length === 0) return { summary: "no conversation bound, so no surface to message owners on", outcome: "skipped" };
      for (const [owner, items] of byOwner) {
        const payload = overdueDm(launch, owner, items, today);
        for (const surface of surfaces) {
          await outboxRepo.enqueue(tx, { launchId: launch.id, surface, conversation: owner, kind: "dm", payload, at: now });
        }
      }
      return { summary: `messaged ${byOwner.size} owner(s) about ${readiness.overdue.filter((i) => i.owner).length} overdue item(s)` };
    });
  },
};
