import { z } from "zod";
import { arg } from "./args.js";
import { applyChange, resolveItem, splitTarget, targetArg } from "./item-change.js";
import { defineCommand } from "./types.js";

export default defineCommand({
  name: "check",
  scope: "launch",
  role: "member",
  summary: "Tick an item as done (attested by you), with an optional note",
  usage: "check <ref|words> [note] [--note <text>]",
  examples: ["check 4.2", "check 4.2 verified on staging too", "check debug false", 'check "debug false" set in prod.env'],
  positionals: [{ name: "target", kind: "tokens" }],
  flags: { note: "string" },
  args: z.object({ target: targetArg, note: arg.text("The note").optional() }),
  async run(args, ctx) {
    const { selector, text } = splitTarget(args.target, "check", null);
    const item = await resolveItem(ctx, selector);
    return applyChange(ctx, item, { kind: "check", note: args.note ?? text });
  },
});
