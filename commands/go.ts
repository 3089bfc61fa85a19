import { z } from "zod";
import { recordDecision } from "../src/domain/launches/decisions.js";
import { reply } from "../src/render/reply.js";
import { arg } from "./args.js";
import { loadLaunch } from "./launch-data.js";
import { verdictLine } from "../src/domain/launches/reply-parts.js";
import { defineCommand } from "./types.js";

export default defineCommand({
  name: "go",
  scope: "launch",
  role: "release-manager",
  summary: "Decide GO: refused while critical items are open or anything is blocked, unless overridden with a reason",
  usage: "go [--override <reason>]",
  examples: ["go", 'go --override "pen test waived by the CISO, see ticket SEC-12"'],
  flags: { override: "string" },
  args: z.object({ override: arg.text("The override reason").optional() }),
  async run({ override }, ctx) {
    const { readiness } = await loadLaunch(ctx);
    await recordDecision(ctx.services.db, ctx.launch, readiness, { verdict: "go", override }, ctx.actor, ctx.services.clock.now());
    const text = override
      ? `GO for ${ctx.launch.name}, overriding: ${override}. Readiness then: ${verdictLine(readiness)}`
      : `GO for ${ctx.launch.name}. ${verdictLine(readiness)}`;
    return { ...reply.ok(text), visibility: "public" };
  },
});
