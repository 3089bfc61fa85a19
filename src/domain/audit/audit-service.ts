// Runs an audit of a launch (live checks, or an ingested check --deploy report),
// records it in audit_runs and applies it to the launch's items.
import { GoliveError } from "../../errors.js";
import { raiseAuditRegressions } from "../incidents/audit-regressions.js";
import { auditRepo } from "../../storage/audit-repo.js";
import type { Database } from "../../storage/database.js";
import { itemsRepo } from "../../storage/items-repo.js";
import type { Actor, Launch } from "../launches/types.js";
import type { AuditRun, AuditTrigger, NewAuditRun } from "./audit-run.js";
import { checkDeployResults, parseCheckDeploy } from "./check-deploy.js";
import { runAudit } from "./run-audit.js";
import { scoreResults } from "./scoring.js";
import { type AuditTarget, type AuditTargetInput, parseAuditTarget } from "./target.js";
import type { Check, CheckResult } from "./types.js";
import { applyRun } from "./verify.js";

/** The target as kept in `launches.settings.target`: what `launch set` was given, defaults filled in at use. */
export function storedTargetInput(launch: Launch): AuditTargetInput | null {
  const stored = launch.settings.target;
  return stored && typeof stored === "object" ? (stored as AuditTargetInput) : null;
}

export function launchTarget(launch: Launch): AuditTarget {
  const input = storedTargetInput(launch);
  if (!input) {
    throw new GoliveError("config", `Launch ${launch.name} has no audit target yet.`, "Set it: launch set --url https://app.example.com");
  }
  const parsed = parseAuditTarget(input);
  if (!parsed.ok) throw new GoliveError("config", `The audit target of ${launch.name} is invalid: ${parsed.error}`, "Fix it with launch set (e.g. launch set --url https://app.example.com).");
  return parsed.target;
}

/** The target as shown and stored with a run: the CA certificate is replaced by a mark. */
function describeTarget(target: AuditTarget): Record<string, unknown> {
  const { caPem, ...rest } = target;
  return { ...rest, privateCa: caPem !== undefined };
}

export interface AuditOptions {
  trigger: AuditTrigger;
  actor: Actor;
  /** The time of the run's records and of certificate-expiry arithmetic. */
  now: () => Date;
  only?: string[];
  checks?: readonly Check[];
  maxRequests?: number;
}

async function recordAndApply(db: Database, launch: Launch, newRun: NewAuditRun, actor: Actor): Promise<AuditRun> {
  const before = await auditRepo.latestResults(db, launch.id);
  const run = await auditRepo.insert(db, newRun);
  const [items, known] = [await itemsRepo.list(db, launch.id), await auditRepo.latestResults(db, launch.id)];
  const itemChanges = await applyRun(db, launch, run, items, known, actor, newRun.finishedAt);
  await auditRepo.setItemChanges(db, run.id, itemChanges);
  await raiseAuditRegressions(db, launch, before, run.results, newRun.finishedAt);
  return { ...run, itemChanges };
}

/** Runs the live checks against the launch's target; every network failure is an `error` result. */
export async function auditLaunch(db: Database, launch: Launch, options: AuditOptions): Promise<AuditRun> {
  const target = launchTarget(launch);
  const report = await runAudit(target, { only: options.only, checks: options.checks, now: options.now, maxRequests: options.maxRequests });
  return recordAndApply(
    db,
    launch,
    {
      launchId: launch.id,
      trigger: options.trigger,
      actor: options.actor.id,
      surface: options.actor.surface,
      startedAt: report.startedAt,
      finishedAt: report.finishedAt,
      score: report.score,
      grade: report.grade,
      unreachable: report.unreachable,
      requests: report.requestsMade,
      target: describeTarget(target),
      results: report.results,
    },
    options.actor,
  );
}

export interface RecordOptions {
  trigger: AuditTrigger;
  actor: Actor;
  at: Date;
}

/**
 * Records results that golive did not probe live (see recorded-checks.ts) as a run,
 * and applies them to the launch's items like any audit. One run per report or job run.
 */
export function recordResults(db: Database, launch: Launch, results: CheckResult[], options: RecordOptions): Promise<AuditRun> {
  return recordAndApply(
    db,
    launch,
    {
      launchId: launch.id,
      trigger: options.trigger,
      actor: options.actor.id,
      surface: options.actor.surface,
      startedAt: options.at,
      finishedAt: options.at,
      ...scoreResults(results),
      unreachable: null,
      requests: 0,
      target: null,
      results,
    },
    options.actor,
  );
}

export type IngestOutcome = { ok: true; run: AuditRun } | { ok: false; error: string; line?: number; text?: string };

/** Records a `manage.py check --deploy` report (found inside a CI log) as a run; unreadable output changes nothing. */
export async function ingestCheckDeploy(
  db: Database,
  launch: Launch,
  output: string,
  options: { trigger: "ingest" | "api"; actor: Actor; at: Date },
): Promise<IngestOutcome> {
  const parsed = parseCheckDeploy(output);
  if (!parsed.ok) return parsed;
  return { ok: true, run: await recordResults(db, launch, checkDeployResults(parsed.report), options) };
}

/** The machine-readable run: `audit last --json`, `audit show --json` and the CI endpoint answer this. */
export function runJson(run: AuditRun, launch: Launch) {
  return {
    run: String(run.id),
    launch: launch.name,
    trigger: run.trigger,
    actor: run.actor,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt.toISOString(),
    score: run.score,
    grade: run.grade,
    unreachable: run.unreachable,
    checks: run.results.map(({ id, status, summary, evidence, cannotVerify }) => ({ id, status, summary, evidence, ...(cannotVerify ? { cannotVerify } : {}) })),
    items: run.itemChanges.map(({ ref, change, checks }) => ({ ref, change, checks })),
  };
}
