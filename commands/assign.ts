import { z } from "zod";
import { GoliveError } from "../src/errors.js";
import { applyChange, resolveItem, splitTarget, targetArg } from "./item-change.js";
import { defineCommand } from "./types.js";

export default defineCommand({
  name: "assign",
  scope: "launch",
  role: "member",
  summary: "Make someone the owner of an item (`none` to unassign)",
  usage: "assign <ref> @person|none",
  examples: ["assign 4.2 @alice", "assign 4.2 none"],
  positionals: [{ name: "target", kind: "tokens" }],
  args: z.object({ target: targetArg }),
  async run(args, ctx) {
    const { selector, text } = splitTarget(args.target, "assign", "Person");
    const who = text!.trim();
    const unassign = /^(none|nobody|-)$/i.test(who);
    const owner = unassign ? null : ctx.parseMention(who);
    if (!unassign && !owner) {
      throw new GoliveError("usage", `"${who}" is not a person.`, "Mention them: assign 4.2 @alice (or `none` to unassign).");
    }
    const item = await resolveItem(ctx, selector);
    return applyChange(ctx, item, { kind: "assign", owner });
  },
});
