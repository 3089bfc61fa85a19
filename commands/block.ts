import { z } from "zod";
import { applyChange, resolveItem, splitTarget, targetArg } from "./item-change.js";
import { defineCommand } from "./types.js";

export default defineCommand({
  name: "block",
  scope: "launch",
  role: "member",
  summary: "Mark an item blocked, with the reason",
  usage: "block <ref> <reason>",
  examples: ["block 3.1 waiting for the certificate from IT", 'block "ssl certificate" waiting for IT'],
  positionals: [{ name: "target", kind: "tokens" }],
  args: z.object({ target: targetArg }),
  async run(args, ctx) {
    const { selector, text } = splitTarget(args.target, "block", "Reason");
    const item = await resolveItem(ctx, selector);
    return applyChange(ctx, item, { kind: "block", reason: text! });
  },
});
