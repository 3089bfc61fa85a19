// Each digest's sensitive-data verdict, recorded as the audit result `logs.sensitive` so
// it sits in the audit history beside the live checks. A finding re-opens a verified
// "no sensitive data in logs" item (its owner told by direct message, like any regression)
// and flags the others to their owner; a clean day is evidence only: it never verifies.
//
// Which items: those bound with `evidence=logs.sensitive` once #13's supporting bindings
// land (the annotation is read from `item.audit` today), else those whose text says so.
import { GoliveError } from "../../errors.js";
import type { Reply } from "../../render/reply.js";
import { auditRepo } from "../../storage/audit-repo.js";
import type { Database, Queryable } from "../../storage/database.js";
import { itemsRepo } from "../../storage/items-repo.js";
import { dmOwner } from "../announcements/announce.js";
import type { AuditItemChange } from "../audit/audit-run.js";
import { notifyOwnerOfRegression } from "../audit/regression-notice.js";
import { scoreResults } from "../audit/scoring.js";
import type { CheckResult } from "../audit/types.js";
import { changeItem } from "../launches/item-changes.js";
import type { Item, Launch } from "../launches/types.js";
import type { DigestReport } from "./report.js";
import { SENSITIVE_LABELS } from "./sensitive.js";

export const SENSITIVE_CHECK_ID = "logs.sensitive";
const ACTOR = { id: "golive (digest)", surface: "job" as const };
const SENSITIVE_ITEM = /\bsensitive data\b.*\blog|\blogs?\b.*\bsensitive data\b/i;

/** The checklist items about sensitive data in logs. */
export function sensitiveLogItems(items: readonly Item[]): Item[] {
  return items.filter((item) => !item.archivedAt && (item.audit.includes(SENSITIVE_CHECK_ID) || SENSITIVE_ITEM.test(item.text)));
}

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

function flagDm(launch: Launch, item: Item, result: CheckResult, runId: number): Reply {
  const summary = `Sensitive data in the logs of ${launch.name}: ${item.ref} ${item.text} does not hold (${result.summary}).`;
  return {
    ok: true,
    visibility: "public",
    summary,
    blocks: [
      { kind: "text", text: summary },
      { kind: "actions", actions: [{ label: "Run details", command: `audit show ${runId} --launch ${launch.name}` }] },
    ],
  };
}

async function flagToOwner(tx: Queryable, launch: Launch, item: Item, result: CheckResult, runId: number, at: Date) {
  if (item.owner) await dmOwner(tx, launch, item.owner, flagDm(launch, item, result, runId), at);
}

/** Records the verdict as an audit run and applies a finding to the items; returns the run id. */
export async function recordSensitiveVerdict(db: Database, launch: Launch, report: DigestReport, at: Date): Promise<{ runId: number; changes: AuditItemChange[] }> {
  const result = sensitiveResult(report);
  const run = await auditRepo.insert(db, {
    launchId: launch.id,
    trigger: "ingest",
    actor: ACTOR.id,
    surface: ACTOR.surface,
    startedAt: at,
    finishedAt: at,
    ...scoreResults([result]),
    requests: 0,
    target: null,
    results: [result],
  });
  const changes: AuditItemChange[] = [];
  if (result.status === "fail") {
    const known = { ...result, runId: run.id, at };
    for (const item of sensitiveLogItems(await itemsRepo.list(db, launch.id))) {
      if (item.state === "blocked" || item.state === "skipped") continue;
      const change = { ref: item.ref, key: item.key, checks: [SENSITIVE_CHECK_ID] };
      try {
        if (item.state === "done" && item.doneKind === "verified") {
          const reason = `regression found by the digest (audit run ${run.id}): ${result.summary}`;
          const outcome = await changeItem(db, launch.id, item.key, { kind: "reopen", reason }, ACTOR, at, (tx, changed) => notifyOwnerOfRegression(tx, launch, changed, run.id, [known], at));
          if (outcome.changed) changes.push({ ...change, change: "reopened" });
        } else {
          await db.transaction((tx) => flagToOwner(tx, launch, item, result, run.id, at));
          changes.push({ ...change, change: "flagged" });
        }
      } catch (error) {
        if (!(error instanceof GoliveError && error.code === "not_found")) throw error;
      }
    }
  }
  await auditRepo.setItemChanges(db, run.id, changes);
  return { runId: run.id, changes };
}
