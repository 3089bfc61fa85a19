import { z } from "zod";
import { bindConversation, resolveLaunch } from "../src/domain/launches/launches.js";
import { reply } from "../src/render/reply.js";
import { arg } from "./args.js";
import { defineCommand } from "./types.js";

export default defineCommand({
  name: "launch use",
  scope: "global",
  summary: "Make a launch the default of this conversation (channel, chat or shell)",
  usage: "launch use <name>",
  examples: ["launch use osce-prod"],
  positionals: [{ name: "name" }],
  args: z.object({ name: arg.launchName }),
  async run({ name }, ctx) {
    const { db, clock } = ctx.services;
    const launch = await resolveLaunch(db, { name, surface: ctx.actor.surface, conversation: ctx.conversation });
    await bindConversation(db, launch, ctx.conversation, ctx.actor, clock.now());
    return reply.ok(`Using launch ${launch.name} here.`);
  },
});
