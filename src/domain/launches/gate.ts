// The deploy gate: may this launch be deployed now? For pipelines (`golive gate`, exit 0 GO /
// 1 NO-GO, and GET /api/launches/<name>/gate). The rules, in order:
//
// 1. A recorded NO-GO decision (`nogo`) stops the deploy until a later `go` replaces it.
// 2. `--require attested` (the default) is the rule of `go`: no critical item open (not done
//    and not waived) and nothing blocked. A person's tick counts.
// 3. `--require verified` adds: every critical, done item that an audit can prove (it has
//    proving checks, `audit=`) must be verified by an audit, and the latest result of each
//    proving check must still prove it (`pass`, on a connection golive could authenticate).
//    Critical items no check can prove (none bound, or only supporting `evidence=` checks)
//    are accepted as attested, and listed. `--max-age <duration>` (only with `verified`)
//    also requires those latest results to be no older than the duration.
// 4. A GO decision with an override (`go --override`) accepts the items that stopped the
//    launch when it was taken (its recorded critical-open and blocked refs); anything that
//    fails now and was not in that list still stops the deploy.
//
// Every gate decision is recorded as a `gate` event: who asked, from where, the verdict.
import type { KnownResult } from "../audit/audit-run.js";
import { bindingsFor } from "../audit/bindings.js";
import { resultFor } from "../audit/check-ids.js";
import { proves } from "../audit/verify.js";
import { GoliveError } from "../../errors.js";
import type { Database } from "../../storage/database.js";
import { auditRepo } from "../../storage/audit-repo.js";
import { eventsRepo } from "../../storage/events-repo.js";
import type { AuditRun } from "../audit/audit-run.js";
import { launchState } from "../announcements/launch-state.js";
import type { Readiness } from "./readiness.js";
import type { Actor, Item, Launch, LaunchEvent } from "./types.js";

export const GATE_REQUIREMENTS = ["attested", "verified"] as const;
export type GateRequirement = (typeof GATE_REQUIREMENTS)[number];

export interface GateOptions {
  require: GateRequirement;
  /** As written (`24h`); null for no limit. */
  maxAge: string | null;
}

/** Who asked, from where: what the `gate` event records besides the actor. */
export interface GateOrigin {
  via: string;
  host?: string;
  address?: string;
  userAgent?: string;
  conversation?: string;
}

export type GateProblem = "blocked" | "not-done" | "not-verified" | "check-not-passing" | "stale";

export interface GateFinding {
  ref: string;
  key: string;
  text: string;
  problem: GateProblem;
  detail: string;
}

export interface GateResult {
  launch: Launch;
  verdict: "go" | "no-go";
  options: GateOptions;
  at: Date;
  reasons: string[];
  /** What stops the deploy. */
  failing: GateFinding[];
  /** What would stop it but a GO override accepted. */
  accepted: GateFinding[];
  /** `verified`: critical items no audit check can prove, accepted as attested. */
  attestedOnly: Item[];
  decision: LaunchEvent | null;
  readiness: Readiness;
  lastAudit: AuditRun | null;
}

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;

/** `30m`, `24h`, `7d`, `2w` → milliseconds; null when it is not such a duration. */
export function parseMaxAge(text: string): number | null {
  const match = /^(\d{1,6})([mhdw])$/.exec(text.trim());
  if (!match || Number(match[1]) === 0) return null;
  return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}

/** Checks the options as a whole; throws a usage error that says how to fix them. */
export function gateOptions(input: { require?: string; maxAge?: string }): GateOptions {
  const require = (input.require ?? "attested").toLowerCase();
  if (!GATE_REQUIREMENTS.includes(require as GateRequirement)) {
    throw new GoliveError("usage", `--require must be attested or verified (got "${input.require}").`, "gate --require verified --max-age 24h");
  }
  const maxAge = input.maxAge?.trim() || null;
  if (maxAge !== null && parseMaxAge(maxAge) === null) {
    throw new GoliveError("usage", `--max-age must be a duration like 30m, 24h, 7d or 2w (got "${input.maxAge}").`, "gate --require verified --max-age 24h");
  }
  if (maxAge !== null && require !== "verified") {
    throw new GoliveError("usage", "--max-age limits the age of audit evidence, so it needs --require verified.", "gate --require verified --max-age 24h");
  }
  return { require: require as GateRequirement, maxAge };
}

const stamp = (at: Date) => `${at.toISOString().slice(0, 16).replace("T", " ")}Z`;
const finding = (item: Item, problem: GateProblem, detail: string): GateFinding => ({ ref: item.ref, key: item.key, text: item.text, problem, detail });

/** The audit evidence of one critical, done item under `verified`; null when it holds. */
function evidenceProblem(item: Item, checks: string[], known: ReadonlyMap<string, KnownResult>, maxAgeMs: number | null, now: Date): GateFinding | null {
  if (item.doneKind !== "verified") return finding(item, "not-verified", `attested, not verified by an audit (checks: ${checks.join(", ")})`);
  for (const id of checks) {
    const result = resultFor(id, known);
    if (!result || !proves(result)) {
      const status = result?.status === "pass" ? "pass on a connection golive could not authenticate" : result?.status;
      return finding(item, "check-not-passing", `${id}: ${result ? `${status} in audit run ${result.runId}` : "no result"}`);
    }
    if (maxAgeMs !== null && now.getTime() - result.at.getTime() > maxAgeMs) {
      return finding(item, "stale", `${id} last passed ${stamp(result.at)} (audit run ${result.runId})`);
    }
  }
  return null;
}

/** The refs a GO override accepted: what stopped the launch when it was decided. */
function overrideCovers(decision: LaunchEvent | null): Set<string> | null {
  if (decision?.kind !== "decision.go" || !decision.after?.override) return null;
  const readiness = (decision.after.readiness ?? {}) as { criticalOpen?: unknown; blocked?: unknown };
  const refs = [readiness.criticalOpen, readiness.blocked].flatMap((list) => (Array.isArray(list) ? list : []));
  return new Set(refs.filter((ref): ref is string => typeof ref === "string"));
}

const PROBLEM_REASON: Record<GateProblem, string> = {
  blocked: "item(s) blocked",
  "not-done": "critical item(s) not done",
  "not-verified": "critical item(s) attested but not verified by an audit",
  "check-not-passing": "critical item(s) whose audit checks do not pass now",
  stale: "critical item(s) with audit evidence older than",
};

export function evaluateGate(input: {
  launch: Launch;
  readiness: Readiness;
  items: readonly Item[];
  known: ReadonlyMap<string, KnownResult>;
  decision: LaunchEvent | null;
  lastAudit: AuditRun | null;
  options: GateOptions;
  now: Date;
}): GateResult {
  const { readiness, options, now, decision } = input;
  const problems: GateFinding[] = [
    ...readiness.blocked.map((item) => finding(item, "blocked", `blocked: ${item.reason ?? "no reason given"}`)),
    ...readiness.criticalOpen.filter((item) => item.state !== "blocked").map((item) => finding(item, "not-done", "critical, not done")),
  ];
  const attestedOnly: Item[] = [];
  if (options.require === "verified") {
    const maxAgeMs = options.maxAge ? parseMaxAge(options.maxAge) : null;
    const checksOf = new Map(bindingsFor(input.items).filter((b) => b.proving.length > 0).map((b) => [b.item.key, b.proving]));
    for (const item of input.items) {
      if (!item.critical || item.state !== "done") continue;
      const checks = checksOf.get(item.key);
      if (!checks) attestedOnly.push(item);
      else {
        const problem = evidenceProblem(item, checks, input.known, maxAgeMs, now);
        if (problem) problems.push(problem);
      }
    }
  }
  const covered = overrideCovers(decision);
  const accepted = covered ? problems.filter((p) => covered.has(p.ref)) : [];
  const failing = covered ? problems.filter((p) => !covered.has(p.ref)) : problems;
  const refused = decision?.kind === "decision.nogo";
  const reasons: string[] = [];
  if (refused) reasons.push(`NO-GO decided by ${decision.actor} on ${stamp(decision.at)}: ${decision.note ?? "no reason given"}`);
  for (const problem of Object.keys(PROBLEM_REASON) as GateProblem[]) {
    const count = failing.filter((f) => f.problem === problem).length;
    if (count > 0) reasons.push(`${count} ${PROBLEM_REASON[problem]}${problem === "stale" ? ` ${options.maxAge}` : ""}`);
  }
  if (accepted.length > 0) {
    reasons.push(`${accepted.length} item(s) accepted by the GO override of ${decision!.actor} on ${stamp(decision!.at)}: ${String(decision!.after!.override)}`);
  }
  if (attestedOnly.length > 0) reasons.push(`${attestedOnly.length} critical item(s) only attested: no audit check can prove them`);
  const verdict = refused || failing.length > 0 ? "no-go" : "go";
  return { launch: input.launch, verdict, options, at: now, reasons, failing, accepted, attestedOnly, decision, readiness, lastAudit: input.lastAudit };
}

/** Evaluates the gate for a launch now and records the decision as a `gate` event. */
export async function checkGate(db: Database, launch: Launch, options: GateOptions, actor: Actor, origin: GateOrigin, now: Date): Promise<GateResult> {
  const { readiness, items } = await launchState(db, launch, now);
  const known = await auditRepo.latestResults(db, launch.id);
  const { events } = await eventsRepo.list(db, launch.id, { kindPrefix: "decision.", limit: 1 });
  const lastAudit = await auditRepo.last(db, launch.id);
  const result = evaluateGate({ launch, readiness, items, known, decision: events[0] ?? null, lastAudit, options, now });
  await eventsRepo.append(db, {
    launchId: launch.id,
    itemKey: null,
    kind: "gate",
    actor: actor.id,
    surface: actor.surface,
    at: now,
    before: null,
    after: {
      verdict: result.verdict,
      require: options.require,
      maxAge: options.maxAge,
      reasons: result.reasons,
      failing: result.failing.map((f) => f.ref),
      accepted: result.accepted.map((f) => f.ref),
      origin: { ...origin },
    },
    note: `${result.verdict === "go" ? "GO" : "NO-GO"} (require ${options.require}${options.maxAge ? `, max age ${options.maxAge}` : ""})${result.reasons.length > 0 ? `: ${result.reasons.join("; ")}` : ""}`,
  });
  return result;
}
