import { peopleRepo } from "../src/storage/people-repo.js";
import { z } from "zod";
import { GoliveError } from "../src/errors.js";
import { auditRepo } from "../src/storage/audit-repo.js";
import { runJsonReply, runReply } from "./audit-present.js";
import { defineCommand } from "./types.js";

export default defineCommand({
  name: "audit last",
  scope: "launch",
  role: "viewer",
  summary: "The latest audit run of the launch: checks, evidence, items it changed (--json for tools)",
  usage: "audit last [--json]",
  examples: ["audit last", "audit last --json"],
  flags: { json: "boolean" },
  args: z.object({ json: z.boolean().default(false) }),
  async run({ json }, ctx) {
    const run = await auditRepo.last(ctx.services.db, ctx.launch.id);
    if (!run) throw new GoliveError("not_found", `${ctx.launch.name} has not been audited yet.`, "Run one: audit");
    return json ? runJsonReply(run, ctx.launch) : runReply(run, ctx.launch, await peopleRepo.names(ctx.services.db, [run.actor]));
  },
});
