import { z } from "zod";
import { applyChange, resolveItem, splitTarget, targetArg } from "./item-change.js";
import { defineCommand } from "./types.js";

export default defineCommand({
  name: "unskip",
  scope: "launch",
  role: "member",
  summary: "Take back a skip or waiver: the item is open again",
  usage: "unskip <ref> [note]",
  examples: ["unskip 2.4", "unskip 2.4 we do serve static files with nginx after all"],
  positionals: [{ name: "target", kind: "tokens" }],
  args: z.object({ target: targetArg }),
  async run(args, ctx) {
    const { selector, text } = splitTarget(args.target, "unskip", null);
    const item = await resolveItem(ctx, selector);
    return applyChange(ctx, item, { kind: "unskip", note: text });
  },
});
