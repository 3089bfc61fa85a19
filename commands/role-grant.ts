import { z } from "zod";
import { grantRole } from "../src/domain/launches/roles.js";
import { GoliveError } from "../src/errors.js";
import { reply } from "../src/render/reply.js";
import { defineCommand } from "./types.js";

export default defineCommand({
  name: "role grant",
  scope: "launch",
  role: "release-manager",
  summary: "Give someone a role on the launch: release-manager, member or viewer",
  usage: "role grant @person release-manager|member|viewer",
  examples: ["role grant @alice member", "role grant @bob release-manager"],
  positionals: [{ name: "person" }, { name: "role" }],
  args: z.object({
    person: z.string({ error: "name the person: role grant @alice member" }),
    role: z.enum(["release-manager", "member", "viewer"], { error: "must be release-manager, member or viewer" }),
  }),
  async run({ person, role }, ctx) {
    const principal = ctx.parseMention(person);
    if (!principal) throw new GoliveError("usage", `"${person}" is not a person.`, "Mention them: role grant @alice member");
    const changed = await grantRole(ctx.services.db, ctx.launch, principal, role, ctx.actor, ctx.services.clock.now());
    return reply.ok(changed ? `${principal} is now ${role} on ${ctx.launch.name}.` : `${principal} already is ${role} on ${ctx.launch.name}.`);
  },
});
