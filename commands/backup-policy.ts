import { z } from "zod";
import { requirePolicy } from "../src/domain/backup/policy.js";
import { reply } from "../src/render/reply.js";
import { policyFields } from "./backup-present.js";
import { defineCommand } from "./types.js";

export default defineCommand({
  name: "backup policy",
  scope: "launch",
  role: "viewer",
  summary: "Show the backup policy (secrets as the names of their variables)",
  usage: "backup policy",
  examples: ["backup policy"],
  args: z.object({}),
  async run(_args, ctx) {
    const policy = requirePolicy(ctx.launch);
    return reply.ok(`Backup policy of ${ctx.launch.name}`, [
      { kind: "heading", text: `Backup policy of ${ctx.launch.name}` },
      { kind: "fields", fields: policyFields(ctx.launch, policy) },
    ]);
  },
});
