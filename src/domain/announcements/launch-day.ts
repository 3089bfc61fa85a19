import { GoliveError } from "../../errors.js";
import type { Database } from "../../storage/database.js";
import { eventsRepo } from "../../storage/events-repo.js";
import { launchesRepo } from "../../storage/launches-repo.js";
import { outboxRepo } from "../../storage/outbox-repo.js";
import { dateIn } from "../launches/calendar.js";
import type { Actor, Launch } from "../launches/types.js";
import { LAUNCH_STATUS_KEY, launchStatusMessage, startedOn } from "./announce.js";
import { postTargets } from "./launch-state.js";

/**
 * `launch start`: records that launch day began and posts the launch status message in every
 * bound channel — the message later changes update in place. Running it again posts it anew.
 */
export async function startLaunchDay(db: Database, launch: Launch, actor: Actor, now: Date) {
  const today = dateIn(launch.timezone, now);
  if (today !== launch.launchDate) {
    throw new GoliveError("conflict", `${launch.name} launches on ${launch.launchDate}; today is ${today} (${launch.timezone}).`, "Run `launch start` on launch day.");
  }
  return db.transaction(async (tx) => {
    const current = (await launchesRepo.byId(tx, launch.id, true))!;
    const again = startedOn(current) === today;
    const launchDay = { startedOn: today, startedAt: now.toISOString(), startedBy: actor.id };
    const started = { ...current, settings: { ...current.settings, launchDay } };
    await launchesRepo.update(tx, launch.id, { settings: started.settings });
    await eventsRepo.append(tx, { launchId: launch.id, itemKey: null, kind: "launch.started", actor: actor.id, surface: actor.surface, at: now, before: null, after: launchDay, note: null });
    const message = await launchStatusMessage(tx, started, now);
    const targets = await postTargets(tx, launch.id, { includeShell: false });
    for (const t of targets) {
      await outboxRepo.enqueue(tx, { launchId: launch.id, ...t, kind: "post", updateKey: LAUNCH_STATUS_KEY, payload: message, at: now });
    }
    return { message, channels: targets.length, again };
  });
}
