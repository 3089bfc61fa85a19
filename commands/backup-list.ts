import { z } from "zod";
import { failAbandoned } from "../src/domain/backup/abandoned.js";
import { requirePolicy } from "../src/domain/backup/policy.js";
import { arg } from "./args.js";
import { reply } from "../src/render/reply.js";
import { backupsRepo } from "../src/storage/backups-repo.js";
import { backupLine } from "./backup-present.js";
import { defineCommand } from "./types.js";

const PAGE = 20;

export default defineCommand({
  name: "backup list",
  scope: "launch",
  role: "viewer",
  summary: "The backups: age, size, sha256 prefix and drill status (failed ones with their reason)",
  usage: "backup list [--page N]",
  examples: ["backup list", "backup list --page 2"],
  flags: { page: "string" },
  args: z.object({ page: arg.page }),
  async run({ page }, ctx) {
    requirePolicy(ctx.launch);
    const { db, clock } = ctx.services;
    const now = clock.now();
    await failAbandoned(db, ctx.launch, now);
    const all = await backupsRepo.list(db, ctx.launch.id);
    const drills = await backupsRepo.drills(db, ctx.launch.id, 500);
    const shown = all.slice((page - 1) * PAGE, page * PAGE);
    if (all.length === 0) return reply.ok(`${ctx.launch.name} has no backups yet.`, [{ kind: "text", text: `${ctx.launch.name} has no backups yet. Take one: backup now` }]);
    const lines = shown.map((b) => backupLine(b, drills.find((d) => d.backupId === b.id), now));
    const more = all.length - page * PAGE;
    return reply.ok(`${ctx.launch.name}: ${all.filter((b) => b.status === "good").length} good backup(s)`, [
      { kind: "heading", text: `Backups of ${ctx.launch.name}` },
      { kind: "text", text: lines.join("\n") },
      ...(more > 0 ? [{ kind: "text" as const, text: `… ${more} more — backup list --page ${page + 1}` }] : []),
      { kind: "text", text: "Details: backup show <id>" },
    ]);
  },
});
