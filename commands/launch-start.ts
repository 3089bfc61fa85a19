import { z } from "zod";
import { dateIn } from "../src/domain/launches/calendar.js";
import { GoliveError } from "../src/errors.js";
import { LAUNCH_STATUS_KEY, launchStatusMessage } from "../src/domain/announcements/announce.js";
import { launchSettings } from "../src/jobs/launch-settings.js";
import { postTargets } from "../src/domain/announcements/launch-state.js";
import { eventsRepo } from "../src/storage/events-repo.js";
import { launchesRepo } from "../src/storage/launches-repo.js";
import { outboxRepo } from "../src/storage/outbox-repo.js";
import { defineCommand } from "./types.js";

export default defineCommand({
  name: "launch start",
  scope: "launch",
  role: "release-manager",
  summary: "On launch day: post the launch status message in the channel, kept up to date on every change, and start the summaries",
  usage: "launch start",
  examples: ["launch start"],
  args: z.object({}),
  async run(_args, ctx) {
    const { db, clock } = ctx.services;
    const now = clock.now();
    const today = dateIn(ctx.launch.timezone, now);
    if (today !== ctx.launch.launchDate) {
      throw new GoliveError("conflict", `${ctx.launch.name} launches on ${ctx.launch.launchDate}; today is ${today} (${ctx.launch.timezone}).`, "Run `launch start` on launch day.");
    }
    const { message, channels, again } = await db.transaction(async (tx) => {
      const launch = (await launchesRepo.byId(tx, ctx.launch.id, true))!;
      const again = launchSettings(launch).launchDay?.startedOn === today;
      const launchDay = { startedOn: today, startedAt: now.toISOString(), startedBy: ctx.actor.id };
      const started = { ...launch, settings: { ...launch.settings, launchDay } };
      await launchesRepo.update(tx, launch.id, { settings: started.settings });
      await eventsRepo.append(tx, { launchId: launch.id, itemKey: null, kind: "launch.started", actor: ctx.actor.id, surface: ctx.actor.surface, at: now, before: null, after: launchDay, note: null });
      const message = await launchStatusMessage(tx, started, now);
      const targets = await postTargets(tx, launch.id, { includeShell: false });
      for (const t of targets) {
        await outboxRepo.enqueue(tx, { launchId: launch.id, ...t, kind: "post", updateKey: LAUNCH_STATUS_KEY, payload: message, at: now });
      }
      return { message, channels: targets.length, again };
    });
    const where = channels === 0
      ? "No Slack or Teams channel is bound to this launch, so nothing was posted; run `launch use` there, then `launch start` again."
      : `${again ? "Posted again" : "Posted"} to ${channels} channel(s); it follows every change today, with a summary every 30 minutes.`;
    return { ...message, blocks: [...message.blocks, { kind: "text", text: where }] };
  },
});
