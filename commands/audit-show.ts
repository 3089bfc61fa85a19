import { peopleRepo } from "../src/storage/people-repo.js";
import { z } from "zod";
import { GoliveError } from "../src/errors.js";
import { auditRepo } from "../src/storage/audit-repo.js";
import { runJsonReply, runReply } from "./audit-present.js";
import { defineCommand } from "./types.js";

export default defineCommand({
  name: "audit show",
  scope: "launch",
  role: "viewer",
  summary: "One audit run by its number: checks, evidence, items it changed (--json for tools)",
  usage: "audit show <run> [--json]",
  examples: ["audit show 12", "audit show 12 --json"],
  positionals: [{ name: "run" }],
  flags: { json: "boolean" },
  args: z.object({
    run: z.coerce.number({ error: "is the run number shown by `audit` or `audit last`, e.g. 12" }).int().positive("is a run number like 12"),
    json: z.boolean().default(false),
  }),
  async run({ run: runId, json }, ctx) {
    const run = await auditRepo.byId(ctx.services.db, ctx.launch.id, runId);
    if (!run) throw new GoliveError("not_found", `${ctx.launch.name} has no audit run ${runId}.`, "See the latest with: audit last");
    return json ? runJsonReply(run, ctx.launch) : runReply(run, ctx.launch, await peopleRepo.names(ctx.services.db, [run.actor]));
  },
});
