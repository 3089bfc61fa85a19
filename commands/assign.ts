import { z } from "zod";
import { GoliveError } from "../src/errors.js";
import { applyChange, resolveItem, splitTarget, targetArg } from "./item-change.js";
import { defineCommand, type LaunchContext } from "./types.js";
import { peopleRepo } from "../src/storage/people-repo.js";
import { personLabel } from "../src/domain/incidents/people.js";

/** A typed `@name` or `name`: the one person of this surface with that handle or display name. */
async function personNamed(ctx: LaunchContext, typed: string, ref: string): Promise<string> {
  const name = typed.replace(/^@/, "").trim();
  const found = name ? await peopleRepo.byName(ctx.services.db, ctx.actor.surface, name) : [];
  if (found.length === 1) return found[0]!.userId;
  if (found.length > 1) {
    throw new GoliveError("usage", `"${typed}" matches ${found.length} people; nothing was changed.`, `Mention the one you mean: assign ${ref} @…`, found.map((p) => `${p.displayName}${p.handle ? ` (@${p.handle})` : ""}`));
  }
  throw new GoliveError("usage", `golive does not know anyone called "${typed}".`, `Mention them: assign ${ref} @name (or \`none\` to unassign).`);
}

export default defineCommand({
  name: "assign",
  scope: "launch",
  role: "member",
  summary: "Make someone the owner of an item (`none` to unassign)",
  usage: "assign <ref> @person|name|none",
  examples: ["assign 4.2 @alice", "assign 4.2 Alice Ng", "assign 4.2 none"],
  positionals: [{ name: "target", kind: "tokens" }],
  args: z.object({ target: targetArg }),
  async run(args, ctx) {
    const { selector, text } = splitTarget(args.target, "assign", "Person");
    const who = text!.trim();
    const unassign = /^(none|nobody|-)$/i.test(who);
    const item = await resolveItem(ctx, selector);
    const owner = unassign ? null : (ctx.parseMention(who) ?? (await personNamed(ctx, who, item.ref)));
    const label = owner ? personLabel(owner, await peopleRepo.names(ctx.services.db, [owner])).replace(/^@/, "") : undefined;
    return applyChange(ctx, item, { kind: "assign", owner, ...(label ? { label } : {}) });
  },
});
