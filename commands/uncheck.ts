import { z } from "zod";
import { arg } from "./args.js";
import { applyChange, resolveItem, splitTarget, targetArg } from "./item-change.js";
import { defineCommand } from "./types.js";

export default defineCommand({
  name: "uncheck",
  scope: "launch",
  role: "member",
  summary: "Re-open a done item, with an optional note saying why",
  usage: "uncheck <ref> [note]",
  examples: ["uncheck 4.2", "uncheck 4.2 the restore test failed"],
  positionals: [{ name: "target", kind: "tokens" }],
  flags: { note: "string" },
  args: z.object({ target: targetArg, note: arg.text("The note").optional() }),
  async run(args, ctx) {
    const { selector, text } = splitTarget(args.target, "uncheck", null);
    const item = await resolveItem(ctx, selector);
    return applyChange(ctx, item, { kind: "uncheck", note: args.note ?? text });
  },
});
