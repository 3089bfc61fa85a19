// Applies what an audit proved to the checklist. The rules:
// - every proving check (`audit=`) of an item passes (its latest result, whichever run
//   gave it) on an authenticated connection → the item is verified, with the results
//   as evidence (an attested item is upgraded); supporting checks never verify;
// - a bound check (proving or supporting) fails on a verified item → re-opened with a
//   regression note, owner told;
// - a bound check fails on an item a person attested → flagged "attested, audit fails",
//   never flipped: the person's word stands until they uncheck it;
// - `warn` neither verifies nor regresses; `error` (could not look) proves nothing either way;
//   a pass that cannot verify (`cannotVerify`: bad certificate, plain HTTP) counts as not proven;
// - a verified item that no check proves any more (its binding became supporting) is re-opened;
// - blocked and skipped items are people's decisions and are left alone.
// A run only decides about items bound to at least one check it ran.
import { GoliveError } from "../../errors.js";
import type { Database } from "../../storage/database.js";
import { changeItem } from "../launches/item-changes.js";
import type { Actor, Item, Launch } from "../launches/types.js";
import type { AuditItemChange, AuditRun, KnownResult } from "./audit-run.js";
import { type Binding, bindingsFor, boundIds } from "./bindings.js";
import { resultFor, resultIdOf } from "./check-ids.js";
import { notifyOwnerOfRegression } from "./regression-notice.js";

export type ItemDecision =
  | { kind: "verify"; results: KnownResult[]; supporting: KnownResult[] }
  | { kind: "reopen"; failing: KnownResult[] }
  | { kind: "unprove" }
  | { kind: "flag"; failing: KnownResult[] };

const known = <T>(value: T | undefined): value is T => value !== undefined;

function failingOf(binding: Binding, latest: ReadonlyMap<string, KnownResult>): KnownResult[] {
  return boundIds(binding).map((id) => resultFor(id, latest)).filter((result): result is KnownResult => result?.status === "fail");
}

/** A pass that proves: seen on a connection golive could authenticate. */
export function proves(result: KnownResult | undefined): boolean {
  return result?.status === "pass" && !result.cannotVerify;
}

export function decideItem(binding: Binding, latest: ReadonlyMap<string, KnownResult>, ranChecks: ReadonlySet<string>): ItemDecision | null {
  const { item } = binding;
  if (!boundIds(binding).some((id) => ranChecks.has(resultIdOf(id)))) return null;
  const failing = failingOf(binding, latest);
  const verified = item.state === "done" && item.doneKind === "verified";
  const attested = item.state === "done" && item.doneKind === "attested";
  if (failing.length > 0) {
    if (verified) return { kind: "reopen", failing };
    if (attested) return { kind: "flag", failing };
    return null;
  }
  if (binding.proving.length === 0) return verified ? { kind: "unprove" } : null;
  const results = binding.proving.map((id) => resultFor(id, latest));
  if (results.every(proves) && (item.state === "open" || attested)) {
    return { kind: "verify", results: results.filter(known), supporting: binding.supporting.map((id) => resultFor(id, latest)).filter(known) };
  }
  return null;
}

/** Attested items whose bound checks fail now (by their latest results): what `status` flags. */
export function attestedButFailing(items: readonly Item[], latest: ReadonlyMap<string, KnownResult>): Item[] {
  return bindingsFor(items)
    .filter((binding) => binding.item.state === "done" && binding.item.doneKind === "attested" && failingOf(binding, latest).length > 0)
    .map((binding) => binding.item);
}

const brief = (result: KnownResult) => `${result.id} ${result.status}: ${result.summary}`;

const entry = (r: KnownResult, role: "proves" | "supports") => ({
  id: r.id,
  role,
  status: r.status,
  summary: r.summary,
  run: r.runId,
  at: r.at.toISOString(),
  evidence: r.evidence,
});

/** What a verify event keeps as evidence: every bound check's result and where it came from. */
function evidenceOf(run: AuditRun, proving: KnownResult[], supporting: KnownResult[]): Record<string, unknown> {
  return { run: run.id, checks: [...proving.map((r) => entry(r, "proves")), ...supporting.map((r) => entry(r, "supports"))] };
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
    const record = (change: AuditItemChange["change"], checks: string[]) => changes.push({ ref: item.ref, key: item.key, change, checks });
    if (decision.kind === "flag") {
      record("flagged", decision.failing.map((r) => r.id));
      continue;
    }
    try {
      if (decision.kind === "verify") {
        const note = `audit run ${run.id}: ${decision.results.map((r) => `${r.id} pass`).join(", ")}`;
        const evidence = evidenceOf(run, decision.results, decision.supporting);
        const outcome = await changeItem(db, launch.id, item.key, { kind: "verify", note, evidence }, actor, at);
        if (outcome.changed) record("verified", decision.results.map((r) => r.id));
      } else if (decision.kind === "unprove") {
        const reason = `audit run ${run.id}: no check proves this item any more (its checks only support it); a person must check it`;
        const outcome = await changeItem(db, launch.id, item.key, { kind: "reopen", reason }, actor, at);
        if (outcome.changed) record("reopened", binding.supporting);
      } else {
        const reason = `regression found by audit run ${run.id}: ${decision.failing.map(brief).join("; ")}`;
        const outcome = await changeItem(db, launch.id, item.key, { kind: "reopen", reason }, actor, at, (tx, changed) =>
          notifyOwnerOfRegression(tx, launch, changed, run.id, decision.failing, at),
        );
        if (outcome.changed) record("reopened", decision.failing.map((r) => r.id));
      }
    } catch (error) {
      // The item was archived or removed by a sync while the audit ran: nothing to apply.
      if (!(error instanceof GoliveError && error.code === "not_found")) throw error;
    }
  }
  return changes;
}
