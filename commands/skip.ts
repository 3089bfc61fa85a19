import { z } from "zod";
import { DATE_RANGE_MESSAGE, dateIn, inDateRange, isValidDate } from "../src/domain/launches/calendar.js";
import { GoliveError } from "../src/errors.js";
import { applyChange, resolveItem, splitTarget, targetArg } from "./item-change.js";
import { defineCommand } from "./types.js";

export default defineCommand({
  name: "skip",
  scope: "launch",
  role: "member",
  summary: "Mark an item not applicable, with the reason; --until makes it a waiver that re-opens the item after that day",
  usage: "skip <ref> <reason> [--until YYYY-MM-DD]",
  examples: ["skip 2.4 we use whitenoise, not nginx, for static files", "skip 6.1 pen test booked for January --until 2027-01-31"],
  positionals: [{ name: "target", kind: "tokens" }],
  flags: { until: "string" },
  args: z.object({ target: targetArg, until: z.string().refine(isValidDate, "must be a date written YYYY-MM-DD").refine(inDateRange, DATE_RANGE_MESSAGE).optional() }),
  async run(args, ctx) {
    const { selector, text } = splitTarget(args.target, "skip", "Reason");
    const today = dateIn(ctx.launch.timezone, ctx.services.clock.now());
    if (args.until && args.until < today) {
      throw new GoliveError("usage", `--until ${args.until} is in the past (today is ${today}).`, "Give today or a later day.");
    }
    const item = await resolveItem(ctx, selector);
    return applyChange(ctx, item, { kind: "skip", reason: text!, until: args.until });
  },
});
