import { peopleRepo } from "../src/storage/people-repo.js";
import { z } from "zod";
import { auditLaunch } from "../src/domain/audit/audit-service.js";
import { recordedCheck } from "../src/domain/audit/recorded-checks.js";
import { listChecks } from "../src/domain/audit/run-audit.js";
import { GoliveError } from "../src/errors.js";
import { reply } from "../src/render/reply.js";
import { runJsonReply, runReply } from "./audit-present.js";
import { defineCommand } from "./types.js";

function selectedChecks(only: string | undefined): string[] | undefined {
  if (only === undefined) return undefined;
  const ids = [...new Set(only.split(",").map((id) => id.trim()).filter(Boolean))];
  const known = listChecks().map((check) => check.id);
  const unknown = ids.filter((id) => !known.includes(id));
  if (ids.length === 0 || unknown.length > 0) {
    const recorded = unknown.map(recordedCheck).find((check) => check !== undefined);
    throw new GoliveError(
      "usage",
      ids.length === 0 ? "--only needs check ids, e.g. --only hsts,tls.valid" : `Unknown check(s): ${unknown.join(", ")}.`,
      recorded ? `${recorded.id}${recorded.id.endsWith(":") ? "*" : ""} results come from ${recorded.recordedBy}, not from the live audit.` : `Checks: ${known.join(", ")}`,
    );
  }
  return ids;
}

export default defineCommand({
  name: "audit",
  scope: "launch",
  role: "member",
  summary: "Check the live site now (TLS, redirects, headers, cookies, DEBUG, ports…): verifies bound items, re-opens regressions",
  usage: "audit [--only <check,check>] [--json]",
  examples: ["audit", "audit --only hsts,tls.valid", "audit --json"],
  flags: { only: "string", json: "boolean" },
  args: z.object({ only: z.string().optional(), json: z.boolean().default(false) }),
  async run({ only, json }, ctx) {
    const ids = selectedChecks(only);
    const { db, clock } = ctx.services;
    const run = await auditLaunch(db, ctx.launch, { trigger: "manual", actor: ctx.actor, now: () => clock.now(), only: ids });
    if (json) return runJsonReply(run, ctx.launch);
    const shown = runReply(run, ctx.launch, await peopleRepo.names(ctx.services.db, [run.actor]));
    if (run.unreachable) {
      const failed = reply.error(
        `The audit of ${ctx.launch.name} could not reach the site (run ${run.id}): ${run.unreachable}`,
        "Is the site up and the target right? See it with launch show; change it with launch set --url …",
        "invalid",
      );
      return { ...failed, blocks: [...failed.blocks, ...shown.blocks] };
    }
    return { ...shown, visibility: "public" };
  },
});
