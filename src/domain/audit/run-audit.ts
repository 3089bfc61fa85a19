// Runs the audit checks against a live site, concurrently, with one bounded
// HTTP client shared by all of them, and scores the outcome.
import { ALL_CHECKS } from "./checks/index.js";
import { createHttpClient } from "./http-client.js";
import { scoreResults } from "./scoring.js";
import { markUnproven, reachSite, type SiteAccess, withoutPages } from "./site-access.js";
import type { AuditTarget } from "./target.js";
import type { Check, CheckContext, CheckResult } from "./types.js";

export interface RunAuditOptions {
  /** Run only these check ids. */
  only?: string[];
  /** Replace the built-in checks (tests, plugins). */
  checks?: readonly Check[];
  /** The time of the run and of certificate-expiry arithmetic: the caller's Clock. */
  now: () => Date;
  /** Cap on HTTP requests for the whole run (default 40). */
  maxRequests?: number;
}

export interface AuditReport {
  results: CheckResult[];
  /** null when the run reached nothing: there is nothing to grade. */
  score: number | null;
  grade: string | null;
  /** Why the site's pages could not be read at all (neither HTTPS nor HTTP answered), else null. */
  unreachable: string | null;
  startedAt: Date;
  finishedAt: Date;
  requestsMade: number;
}

export function listChecks(): { id: string; description: string; optIn: boolean }[] {
  return ALL_CHECKS.map(({ id, description, enabledFor }) => ({ id, description, optIn: enabledFor !== undefined }));
}

function selectChecks(target: AuditTarget, available: readonly Check[], only: string[] | undefined): (Check | CheckResult)[] {
  if (!only) return available.filter((check) => check.enabledFor?.(target) ?? true);
  const known = available.map((check) => check.id).join(", ");
  return only.map((id): Check | CheckResult => {
    const check = available.find((candidate) => candidate.id === id);
    if (!check) return { id, status: "error", summary: `unknown check "${id}"; known checks: ${known}`, evidence: {} };
    if (check.enabledFor && !check.enabledFor(target)) {
      return { id, status: "error", summary: `${id} is opt-in and not enabled for this target`, evidence: {} };
    }
    return check;
  });
}

async function runOne(check: Check, ctx: CheckContext): Promise<CheckResult> {
  try {
    return await check.run(ctx);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { id: check.id, status: "error", summary: `the check itself failed: ${message}`, evidence: {} };
  }
}

/** Runs a check; a page check reads the site the way `access` found, and what it saw is marked if it cannot prove. */
async function runEntry(entry: Check | CheckResult, ctx: CheckContext, access: SiteAccess | null): Promise<CheckResult> {
  if (!("run" in entry)) return entry;
  if (!entry.reads || !access) return markUnproven(await runOne(entry, ctx), entry, access);
  const instead = withoutPages(entry, access);
  if (instead) return markUnproven(instead, entry, access);
  const reached = access as Extract<SiteAccess, { reached: true }>;
  return markUnproven(await runOne(entry, { ...ctx, http: reached.http, target: reached.target }), entry, access);
}

export async function runAudit(target: AuditTarget, options: RunAuditOptions): Promise<AuditReport> {
  const now = options.now;
  const startedAt = now();
  const http = createHttpClient({ caPem: target.caPem, timeoutMs: target.timeoutMs, maxRequests: options.maxRequests });
  const ctx: CheckContext = { target, http, now };
  const selected = selectChecks(target, options.checks ?? ALL_CHECKS, options.only);
  const access = selected.some((entry) => "run" in entry && entry.reads) ? await reachSite(target, http) : null;
  // Opt-in checks change state on the site (e.g. failed logins): they run after
  // the read-only ones so they cannot disturb what those observe.
  const isOptIn = (entry: Check | CheckResult) => "run" in entry && entry.enabledFor !== undefined;
  const readOnly = await Promise.all(selected.map((entry) => (isOptIn(entry) ? null : runEntry(entry, ctx, access))));
  const results: CheckResult[] = [];
  for (const [index, entry] of selected.entries()) results.push(readOnly[index] ?? (await runEntry(entry, ctx, access)));
  const unreachable = access && !access.reached ? access.reason : null;
  const graded = unreachable ? { score: null, grade: null } : scoreResults(results);
  return { results, ...graded, unreachable, startedAt, finishedAt: now(), requestsMade: http.requestsMade };
}
