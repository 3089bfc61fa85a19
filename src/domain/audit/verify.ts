// Applies what an audit proved to the checklist. The rules:
// - every check bound to an item passes (its latest result, whichever run gave it)
//   → the item is verified, with the results as evidence (an attested item is upgraded);
// - a bound check fails on a verified item → re-opened with a regression note, owner told;
// - a bound check fails on an item a person attested → flagged "attested, audit fails",
//   never flipped: the person's word stands until they uncheck it;
// - `warn` neither verifies nor regresses; `error` (could not look) proves nothing either way;
// - blocked and skipped items are people's decisions and are left alone.
// A run only decides about items bound to at least one check it ran.
import { GoliveError } from "../../errors.js";
import type { Database } from "../../storage/database.js";
import { changeItem } from "../launches/item-changes.js";
import type { Actor, Item, Launch } from "../launches/types.js";
import type { AuditItemChange, AuditRun, KnownResult } from "./audit-run.js";
import { type Binding, bindingsFor } from "./bindings.js";
import { notifyOwnerOfRegression } from "./regression-notice.js";

export type ItemDecision =
  | { kind: "verify"; results: KnownResult[] }
  | { kind: "reopen"; failing: KnownResult[] }
  | { kind: "flag"; failing: KnownResult[] };

function failingOf(binding: Binding, known: ReadonlyMap<string, KnownResult>): KnownResult[] {
  return binding.checks.map((id) => known.get(id)).filter((result): result is KnownResult => result?.status === "fail");
}

export function decideItem(binding: Binding, known: ReadonlyMap<string, KnownResult>, ranChecks: ReadonlySet<string>): ItemDecision | null {
  const { item, checks } = binding;
  if (!checks.some((id) => ranChecks.has(id))) return null;
  const failing = failingOf(binding, known);
  const verified = item.state === "done" && item.doneKind === "verified";
  const attested = item.state === "done" && item.doneKind === "attested";
  if (failing.length > 0) {
    if (verified) return { kind: "reopen", failing };
    if (attested) return { kind: "flag", failing };
    return null;
  }
  const results = checks.map((id) => known.get(id));
  const allPass = results.every((result) => result?.status === "pass");
  if (allPass && (item.state === "open" || attested)) return { kind: "verify", results: results as KnownResult[] };
  return null;
}

/** Attested items whose bound checks fail now (by their latest results): what `status` flags. */
export function attestedButFailing(items: readonly Item[], known: ReadonlyMap<string, KnownResult>): Item[] {
  return bindingsFor(items)
    .filter((binding) => binding.item.state === "done" && binding.item.doneKind === "attested" && failingOf(binding, known).length > 0)
    .map((binding) => binding.item);
}

const brief = (result: KnownResult) => `${result.id} ${result.status}: ${result.summary}`;

/** What a verify event keeps as evidence: every bound check's result and where it came from. */
function evidenceOf(run: AuditRun, results: KnownResult[]): Record<string, unknown> {
  return {
    run: run.id,
    checks: results.map((r) => ({ id: r.id, status: r.status, summary: r.summary, run: r.runId, at: r.at.toISOString(), evidence: r.evidence })),
  };
}

export async function applyRun(
  db: Database,
  launch: Launch,
  run: AuditRun,
  items: readonly Item[],
  known: ReadonlyMap<string, KnownResult>,
  actor: Actor,
  at: Date,
): Promise<AuditItemChange[]> {
  const ranChecks = new Set(run.results.map((result) => result.id));
  const changes: AuditItemChange[] = [];
  for (const binding of bindingsFor(items)) {
    const decision = decideItem(binding, known, ranChecks);
    if (!decision) continue;
    const { item } = binding;
    const record = (change: AuditItemChange["change"], results: KnownResult[]) =>
      changes.push({ ref: item.ref, key: item.key, change, checks: results.map((r) => r.id) });
    if (decision.kind === "flag") {
      record("flagged", decision.failing);
      continue;
    }
    try {
      if (decision.kind === "verify") {
        const note = `audit run ${run.id}: ${decision.results.map((r) => `${r.id} pass`).join(", ")}`;
        const outcome = await changeItem(db, launch.id, item.key, { kind: "verify", note, evidence: evidenceOf(run, decision.results) }, actor, at);
        if (outcome.changed) record("verified", decision.results);
      } else {
        const reason = `regression found by audit run ${run.id}: ${decision.failing.map(brief).join("; ")}`;
        const outcome = await changeItem(db, launch.id, item.key, { kind: "reopen", reason }, actor, at, (tx, changed) =>
          notifyOwnerOfRegression(tx, launch, changed, run.id, decision.failing, at),
        );
        if (outcome.changed) record("reopened", decision.failing);
      }
    } catch (error) {
      // The item was archived or removed by a sync while the audit ran: nothing to apply.
      if (!(error instanceof GoliveError && error.code === "not_found")) throw error;
    }
  }
  return changes;
}
