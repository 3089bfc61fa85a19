import { z } from "zod";
import { applyChange, resolveItem, splitTarget, targetArg } from "./item-change.js";
import { defineCommand } from "./types.js";

export default defineCommand({
  name: "unblock",
  scope: "launch",
  role: "member",
  summary: "Clear the block on an item (it becomes open)",
  usage: "unblock <ref> [note]",
  examples: ["unblock 3.1", "unblock 3.1 certificate arrived"],
  positionals: [{ name: "target", kind: "tokens" }],
  args: z.object({ target: targetArg }),
  async run(args, ctx) {
    const { selector, text } = splitTarget(args.target, "unblock", null);
    const item = await resolveItem(ctx, selector);
    return applyChange(ctx, item, { kind: "unblock", note: text });
  },
});
