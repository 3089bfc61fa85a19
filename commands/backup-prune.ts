import { z } from "zod";
import { formatAge, formatBytes } from "../src/domain/backup/format.js";
import { requirePolicy } from "../src/domain/backup/policy.js";
import { applyRetention, retentionPlan } from "../src/domain/backup/prune.js";
import { requireRole } from "../src/domain/launches/roles.js";
import { reply } from "../src/render/reply.js";
import { backupsRepo } from "../src/storage/backups-repo.js";
import { defineCommand } from "./types.js";

export default defineCommand({
  name: "backup prune",
  scope: "launch",
  role: "viewer",
  summary: "Apply the retention policy now (release manager), or show what it would delete with --dry-run",
  usage: "backup prune [--dry-run]",
  examples: ["backup prune --dry-run", "backup prune"],
  flags: { "dry-run": "boolean" },
  args: z.object({ "dry-run": z.boolean().default(false) }),
  async run(args, ctx) {
    const policy = requirePolicy(ctx.launch);
    const { db, clock } = ctx.services;
    const now = clock.now();
    const good = await backupsRepo.list(db, ctx.launch.id, { status: "good" });
    const describe = (id: number) => {
      const b = good.find((x) => x.id === id)!;
      return `backup ${id} (${formatAge(b.finishedAt!, now)}, ${formatBytes(b.bytesOut ?? 0)})`;
    };
    if (args["dry-run"]) {
      const plan = await retentionPlan(db, ctx.launch, policy);
      return reply.ok(`Retention would delete ${plan.remove.length} backup(s) of ${ctx.launch.name}.`, [
        { kind: "heading", text: `Retention of ${ctx.launch.name} (dry run): nothing is deleted` },
        { kind: "text", text: plan.remove.length ? `Would delete:\n${plan.remove.map(describe).join("\n")}` : "Would delete nothing." },
        { kind: "text", text: `Keeps:\n${plan.keep.map((k) => `${describe(k.id)}: ${k.reasons.join(", ")}`).join("\n") || "nothing yet"}` },
      ]);
    }
    requireRole(ctx.role, "release-manager", "backup prune", ctx.launch);
    const outcome = await applyRetention(db, ctx.launch, policy, ctx.actor, now);
    const errors = outcome.errors.length ? [{ kind: "text" as const, text: `Could not delete (kept, tried again after the next backup):\n${outcome.errors.join("\n")}` }] : [];
    return reply.ok(`Retention deleted ${outcome.pruned.length} backup(s) of ${ctx.launch.name}.`, [
      { kind: "text", text: outcome.pruned.length ? `Deleted: ${outcome.pruned.map((id) => `backup ${id}`).join(", ")}.` : "Nothing to delete." },
      ...errors,
    ]);
  },
});
