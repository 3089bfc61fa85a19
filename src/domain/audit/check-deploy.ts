// Reads the output of `python manage.py check --deploy` (Django 3.2 to 5.x)
// and turns the security warnings into audit results, so a pasted report
// verifies checklist items the live site cannot show (SECRET_KEY, DEBUG…).
import { findCheckDeployReport, REPORT_END } from "./check-deploy-log.js";
import type { CheckResult } from "./types.js";

export type CheckDeployLevel = "critical" | "error" | "warning" | "info" | "debug";

export interface CheckDeployIssue {
  level: CheckDeployLevel;
  /** `?` when Django had no object, else the model label, field, class or repr it printed. */
  obj: string;
  /** `security.W004`; null for third-party checks that set no id. */
  id: string | null;
  message: string;
  hint?: string;
}

export interface CheckDeployReport {
  issues: CheckDeployIssue[];
  total: number;
  silenced: number;
  /** Django raised SystemCheckError (an issue at or above --fail-level). */
  systemCheckError: boolean;
}

export type ParseCheckDeployResult =
  | { ok: true; report: CheckDeployReport }
  | { ok: false; error: string; line?: number; text?: string };

const SECTIONS: Record<string, CheckDeployLevel> = {
  CRITICALS: "critical",
  ERRORS: "error",
  WARNINGS: "warning",
  INFOS: "info",
  DEBUGS: "debug",
};

const HEADER = /^(SystemCheckError: )?System check identified some issues:$/;
const SECTION = /^(CRITICALS|ERRORS|WARNINGS|INFOS|DEBUGS):$/;
const HINT = /^\s*HINT:\s?(.*)$/;
// `obj: (app.W001) message`; an issue without an id is only recognised as `?: message`.
const ENTRY_WITH_ID = /^(\S.*?): \(([A-Za-z_][\w.-]*)\) (.*)$/;
const ENTRY_WITHOUT_ID = /^\?: (.*)$/;

/** Reads the first check --deploy report found in `output` (a CI log is fine: see check-deploy-log.ts). */
export function parseCheckDeploy(output: string): ParseCheckDeployResult {
  const found = findCheckDeployReport(output);
  if (!found.ok) return found;
  const { lines, lineNumbers } = found.report;
  const issues: CheckDeployIssue[] = [];
  let systemCheckError = false;
  let level: CheckDeployLevel | null = null;
  let current: CheckDeployIssue | null = null;
  let footer: { total: number; silenced: number } | null = null;

  const reject = (index: number, why: string): ParseCheckDeployResult => {
    const text = lines[index] ?? "";
    const line = lineNumbers[index] ?? index + 1;
    return { ok: false, error: `line ${line}: ${why}: "${text.trim()}"`, line, text };
  };

  for (const [index, raw] of lines.entries()) {
    const line = raw.trimEnd();
    if (line.trim() === "") {
      current = null;
      continue;
    }
    const header = line.match(HEADER);
    if (header) {
      if (level || issues.length > 0) return reject(index, "a second report starts here; paste one report at a time");
      systemCheckError = Boolean(header[1]);
      continue;
    }
    const footerMatch = line.match(REPORT_END);
    if (footerMatch) {
      const total = footerMatch[1] === "no issues" ? 0 : footerMatch[1] === "1 issue" ? 1 : Number(footerMatch[2]);
      footer = { total, silenced: Number(footerMatch[3]) };
      continue;
    }
    const section = line.match(SECTION);
    if (section?.[1]) {
      level = SECTIONS[section[1]] ?? null;
      current = null;
      continue;
    }
    const hint = line.match(HINT);
    if (hint && current && current.hint === undefined) {
      current.hint = hint[1] ?? "";
      continue;
    }
    const entry = level ? readEntry(line, level) : null;
    if (entry) {
      current = entry;
      issues.push(entry);
      continue;
    }
    if (current) {
      // A message or hint that spans several lines.
      if (current.hint !== undefined) current.hint += `\n${line}`;
      else current.message += `\n${line}`;
      continue;
    }
    const expected = level
      ? "expected an issue like '?: (security.W004) …', a HINT line or a section heading"
      : "expected 'System check identified …' or a section heading like 'WARNINGS:'";
    return reject(index, `cannot read this line (${expected})`);
  }

  if (!footer) {
    return {
      ok: false,
      error: "no closing line 'System check identified N issues (M silenced).' found; paste the complete output of manage.py check --deploy",
    };
  }
  if (footer.total !== issues.length) {
    return {
      ok: false,
      error: `the output says ${footer.total} issue(s) but ${issues.length} were found; the paste looks incomplete or edited`,
    };
  }
  return { ok: true, report: { issues, total: footer.total, silenced: footer.silenced, systemCheckError } };
}

function readEntry(line: string, level: CheckDeployLevel): CheckDeployIssue | null {
  const withId = line.match(ENTRY_WITH_ID);
  if (withId) return { level, obj: withId[1] ?? "?", id: withId[2] ?? null, message: withId[3] ?? "" };
  const withoutId = line.match(ENTRY_WITHOUT_ID);
  if (withoutId) return { level, obj: "?", id: null, message: withoutId[1] ?? "" };
  return null;
}

/** The deploy checks golive always reports, pass or fail. */
export const KNOWN_DEPLOY_CHECKS: readonly { id: string; description: string }[] = [
  { id: "security.W004", description: "SECURE_HSTS_SECONDS is set" },
  { id: "security.W008", description: "SECURE_SSL_REDIRECT is True (or a proxy redirects to HTTPS)" },
  { id: "security.W009", description: "SECRET_KEY is long, random and not a django-insecure- key" },
  { id: "security.W012", description: "SESSION_COOKIE_SECURE is True" },
  { id: "security.W016", description: "CSRF_COOKIE_SECURE is True" },
  { id: "security.W018", description: "DEBUG is False" },
  { id: "security.W020", description: "ALLOWED_HOSTS is set" },
];

/** The whole report: pass when check --deploy reported nothing at warning level or above. */
export const CHECK_DEPLOY_CLEAN = "check_deploy:clean";

export function checkDeployResultId(djangoId: string): string {
  return `check_deploy:${djangoId.replace(/^security\./, "")}`;
}

function cleanResult(report: CheckDeployReport): CheckResult {
  const silenced = report.silenced > 0 ? ` (${report.silenced} silenced)` : "";
  const ids = [...new Set(report.issues.map((issue) => issue.id ?? "unnamed"))];
  const evidence = { total: report.total, silenced: report.silenced, ids, systemCheckError: report.systemCheckError };
  if (report.issues.length === 0) return { id: CHECK_DEPLOY_CLEAN, status: "pass", summary: `check --deploy identified no issues${silenced}`, evidence };
  const serious = report.issues.some((issue) => !["info", "debug"].includes(issue.level));
  const summary = `check --deploy identified ${report.total} issue(s)${silenced}: ${ids.join(", ")}`;
  return { id: CHECK_DEPLOY_CLEAN, status: serious ? "fail" : "warn", summary, evidence };
}

/** The whole report's verdict, one result per known security id (pass when absent), and one per other id in the report. */
export function checkDeployResults(report: CheckDeployReport): CheckResult[] {
  const byId = new Map<string, CheckDeployIssue[]>();
  for (const [index, issue] of report.issues.entries()) {
    const key = issue.id ?? `unnamed-${index + 1}`;
    byId.set(key, [...(byId.get(key) ?? []), issue]);
  }
  const results: CheckResult[] = KNOWN_DEPLOY_CHECKS.map(({ id, description }) => {
    const found = byId.get(id);
    byId.delete(id);
    return found ? failedResult(id, found) : passedResult(id, description);
  });
  for (const [id, found] of byId) results.push(failedResult(id, found));
  return [cleanResult(report), ...results];
}

function passedResult(djangoId: string, description: string): CheckResult {
  return {
    id: checkDeployResultId(djangoId),
    status: "pass",
    summary: `${description} (${djangoId} not reported by check --deploy)`,
    evidence: { djangoId, reported: false },
  };
}

function failedResult(djangoId: string, issues: CheckDeployIssue[]): CheckResult {
  const [first] = issues;
  const serious = issues.some((issue) => !["info", "debug"].includes(issue.level));
  const more = issues.length > 1 ? ` (${issues.length} times)` : "";
  return {
    id: checkDeployResultId(djangoId),
    status: serious ? "fail" : "warn",
    summary: `${djangoId}: ${first?.message.split("\n")[0] ?? ""}${more}`,
    evidence: {
      djangoId,
      reported: true,
      issues: issues.map(({ level, obj, message, hint }) => ({ level, obj, message, ...(hint ? { hint } : {}) })),
    },
  };
}
