import { z } from "zod";
import { recordDecision } from "../src/domain/launches/decisions.js";
import { reply } from "../src/render/reply.js";
import { arg } from "./args.js";
import { loadLaunch } from "./launch-data.js";
import { defineCommand } from "./types.js";

export default defineCommand({
  name: "nogo",
  scope: "launch",
  role: "release-manager",
  summary: "Decide NO-GO, with the reason",
  usage: "nogo <reason>",
  examples: ["nogo restore drill failed, moving launch to Thursday"],
  positionals: [{ name: "reason", kind: "rest" }],
  args: z.object({ reason: arg.text("The reason") }),
  async run({ reason }, ctx) {
    const { readiness } = await loadLaunch(ctx);
    await recordDecision(ctx.services.db, ctx.launch, readiness, { verdict: "nogo", reason }, ctx.actor, ctx.services.clock.now());
    return { ...reply.ok(`NO-GO for ${ctx.launch.name}: ${reason}`), visibility: "public" };
  },
});
