import { z } from "zod";
import { attestedButFailing } from "../src/domain/audit/verify.js";
import { daysBetween, relativeLabel } from "../src/domain/launches/calendar.js";
import { computeReadiness, needsAttention } from "../src/domain/launches/readiness.js";
import type { ReplyBlock } from "../src/render/reply.js";
import { reply } from "../src/render/reply.js";
import { auditRows } from "../src/storage/launch-rows.js";
import { backupsRepo } from "../src/storage/backups-repo.js";
import { backupPolicy } from "../src/domain/backup/policy.js";
import { lastGoodLine } from "./backup-present.js";
import { inSection, loadLaunch } from "./launch-data.js";
import { ATTENTION_TITLE, decisionLine, itemList, progressLabel, verdictLine } from "../src/domain/launches/reply-parts.js";
import { sectionLabel } from "./present.js";
import { statusJson } from "./json.js";
import { defineCommand } from "./types.js";

export default defineCommand({
  name: "status",
  scope: "launch",
  role: "viewer",
  summary: "Readiness: progress per section, critical, blocked and overdue items, phase and the go/no-go verdict",
  usage: "status [section-ref] [--launch <name>] [--public] [--json]",
  examples: ["status", "status 3", "status --public", "status --json"],
  positionals: [{ name: "section" }],
  flags: { json: "boolean" },
  args: z.object({
    section: z.string().regex(/^\d+(-\d+)?$/, "is not a section ref; use the number shown by `status`, e.g. 3").optional(),
    json: z.boolean().default(false),
  }),
  async run({ section, json }, ctx) {
    const { launch } = ctx;
    const data = await loadLaunch(ctx);
    const scope = section ? inSection(data.sections, data.items, section) : null;
    const r = scope ? computeReadiness(launch, data.sections, scope.items, data.today) : data.readiness;
    const days = daysBetween(data.today, launch.launchDate);
    const when = days > 0 ? `${days} day(s) to launch` : days === 0 ? "launch day" : `${relativeLabel(data.today, launch.launchDate)}`;
    const title = scope ? `${launch.name} · ${sectionLabel(scope.section)}` : `${launch.name} · ${r.phase} (${when})`;
    const blocks: ReplyBlock[] = [
      { kind: "heading", text: title },
      {
        kind: "fields",
        fields: [
          { label: "Done", value: progressLabel(r.done, r.total) },
          { label: "Verified / attested", value: `${r.verified} / ${r.attested}` },
          { label: "Critical open", value: String(r.criticalOpen.length) },
          { label: "Blocked", value: String(r.blocked.length) },
          { label: "Overdue", value: String(r.overdue.length) },
          { label: "Skipped (waived)", value: String(r.skipped) },
          { label: "Launch date", value: `${launch.launchDate} (${launch.timezone})` },
        ],
      },
      ...r.sections.map((s): ReplyBlock => ({ kind: "progress", label: sectionLabel(s), done: s.done, total: s.total })),
      { kind: "text", text: verdictLine(r) },
    ];
    const decided = data.decision;
    const decision = decisionLine(decided, launch.timezone, data.names);
    if (!scope) blocks.push({ kind: "text", text: `Decision: ${decision ?? "not yet (go / nogo)"}` });
    const { last: lastAudit, latest } = await auditRows(ctx.services.db, launch.id, ctx.versions);
    if (lastAudit) {
      const at = lastAudit.finishedAt.toISOString().slice(0, 16).replace("T", " ");
      const outcome = lastAudit.unreachable ? `could not reach the site (${lastAudit.unreachable}), no grade` : `score ${lastAudit.score}/100 (${lastAudit.grade})`;
      blocks.push({ kind: "text", text: `Last audit: run ${lastAudit.id}, ${at}Z, ${outcome} — audit last` });
    }
    if (backupPolicy(launch)) {
      const drills = await backupsRepo.drills(ctx.services.db, launch.id, 20);
      const newest = await backupsRepo.newestGood(ctx.services.db, launch.id);
      const drill = drills.find((d) => d.status !== "running");
      blocks.push({ kind: "text", text: `${lastGoodLine(newest, drill, ctx.services.clock.now())} — backup list` });
    }
    // Attested items whose bound checks fail now: shown, never flipped (see src/domain/audit/verify.ts).
    const flagged = attestedButFailing(data.items, latest).filter(
      (item) => !scope || scope.items.includes(item),
    );
    if (json) {
      const data = statusJson({ launch, readiness: r, section: scope?.section ?? null, lastAudit, attestedAuditFails: flagged, decision: decided });
      return reply.json(data, `${launch.name}: ${r.verdict.toUpperCase()}`);
    }
    blocks.push(
      ...itemList(ATTENTION_TITLE, needsAttention(r), data.today, 10, `list ${section ?? ""} --attention`.replace(/\s+/g, " "), data.names),
      ...itemList("Attested, audit fails:", flagged, data.today, 10, "audit map", data.names),
    );
    return reply.ok(`${launch.name}: ${progressLabel(r.done, r.total)} done · ${r.verdict.toUpperCase()}`, blocks);
  },
});
