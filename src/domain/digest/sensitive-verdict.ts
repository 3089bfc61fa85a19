// Each digest's sensitive-data verdict, recorded as the audit result `logs.sensitive` (a
// recorded check, see audit/recorded-checks.ts) through `recordResults`, so bindings,
// `audit map` and history treat it like any check. The checklists bind their "no sensitive
// data in logs" items to it with `evidence=` (supporting): a finding re-opens a verified
// item (its owner told through the outbox, like any regression) or flags an attested one; a
// clean day is evidence only and never verifies. The issue also wants the owner told of a
// finding when nobody had ticked the item yet: those owners get a direct message here.
import type { Reply } from "../../render/reply.js";
import type { Database } from "../../storage/database.js";
import { itemsRepo } from "../../storage/items-repo.js";
import { dmOwner } from "../announcements/announce.js";
import { recordResults } from "../audit/audit-service.js";
import { bindingsFor, boundIds } from "../audit/bindings.js";
import { auditRunDm } from "../audit/regression-notice.js";
import type { CheckResult } from "../audit/types.js";
import type { Item, Launch } from "../launches/types.js";
import type { DigestReport } from "./report.js";
import { SENSITIVE_LABELS } from "./sensitive.js";

export const SENSITIVE_CHECK_ID = "logs.sensitive";
const ACTOR = { id: "golive (digest)", surface: "job" as const };

export function sensitiveResult(report: DigestReport): CheckResult {
  const found = report.sensitive.reduce((sum, s) => sum + s.count, 0);
  const evidence = {
    window: report.window,
    findings: report.sensitive.map((s) => ({ kind: s.kind, count: s.count, examples: s.examples })),
    lines: report.sources.reduce((sum, s) => sum + (s.kind === "logs" ? s.lines : 0), 0),
  };
  if (found === 0) return { id: SENSITIVE_CHECK_ID, status: "pass", summary: `no sensitive data in ${evidence.lines} log lines (${report.window.label})`, evidence };
  const kinds = report.sensitive.map((s) => `${SENSITIVE_LABELS[s.kind]} ×${s.count}`).join(", ");
  return { id: SENSITIVE_CHECK_ID, status: "fail", summary: `sensitive data in the logs: ${kinds}`, evidence };
}

function findingDm(launch: Launch, item: Item, result: CheckResult, runId: number): Reply {
  return auditRunDm(launch, runId, `Sensitive data in the logs of ${launch.name}: ${item.ref} ${item.text} does not hold (${result.summary}).`);
}

/** Records the verdict as a run and applies it to the bound items; returns the run. */
export async function recordSensitiveVerdict(db: Database, launch: Launch, report: DigestReport, trigger: "scheduled" | "manual", at: Date) {
  const result = sensitiveResult(report);
  const run = await recordResults(db, launch, [result], { trigger, actor: ACTOR, at });
  if (result.status !== "fail") return run;
  const decided = new Set(run.itemChanges.map((change) => change.key));
  const items: Item[] = await itemsRepo.list(db, launch.id);
  const untouched = bindingsFor(items)
    .filter((binding) => boundIds(binding).includes(SENSITIVE_CHECK_ID) && !decided.has(binding.item.key))
    .map((binding) => binding.item)
    .filter((item) => item.state === "open" && item.owner);
  if (untouched.length > 0) {
    await db.transaction(async (tx) => {
      for (const item of untouched) await dmOwner(tx, launch, item.owner!, findingDm(launch, item, result, run.id), at);
    });
  }
  return run;
}
