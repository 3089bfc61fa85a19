import { z } from "zod";
import { applyChange, resolveItem, splitTarget, targetArg } from "./item-change.js";
import { defineCommand } from "./types.js";

export default defineCommand({
  name: "note",
  scope: "launch",
  role: "member",
  summary: "Add a note to an item's history",
  usage: "note <ref> <text>",
  examples: ["note 7.2 restore took 14 minutes on the staging copy"],
  positionals: [{ name: "target", kind: "tokens" }],
  args: z.object({ target: targetArg }),
  async run(args, ctx) {
    const { selector, text } = splitTarget(args.target, "note", "Text");
    const item = await resolveItem(ctx, selector);
    return applyChange(ctx, item, { kind: "note", note: text! });
  },
});
