import { z } from "zod";
import { startLaunchDay } from "../src/domain/announcements/launch-day.js";
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
    const { message, channels, again } = await startLaunchDay(ctx.services.db, ctx.launch, ctx.actor, ctx.services.clock.now());
    const where = channels === 0
      ? "No Slack or Teams channel is bound to this launch, so nothing was posted; run `launch use` there, then `launch start` again."
      : `${again ? "Posted again" : "Posted"} to ${channels} channel(s); it follows every change today, with a summary every 30 minutes.`;
    return { ...message, blocks: [...message.blocks, { kind: "text", text: where }] };
  },
});
