import { z } from "zod";
import { resolveDue } from "../src/domain/launches/calendar.js";
import { applyChange, resolveItem, splitTarget, targetArg } from "./item-change.js";
import { defineCommand } from "./types.js";

export default defineCommand({
  name: "due",
  scope: "launch",
  role: "member",
  summary: "Set when an item is due: a date, or relative to the launch day (T-3d); `none` clears it",
  usage: "due <ref> <YYYY-MM-DD|T-3d|none>",
  examples: ["due 4.2 2026-11-28", "due 4.2 T-3d", "due 4.2 none"],
  positionals: [{ name: "target", kind: "tokens" }],
  args: z.object({ target: targetArg }),
  async run(args, ctx) {
    const { selector, text } = splitTarget(args.target, "due", "Date");
    const due = /^none$/i.test(text!) ? null : resolveDue(text!, ctx.launch.launchDate);
    const item = await resolveItem(ctx, selector);
    return applyChange(ctx, item, { kind: "due", due });
  },
});
