// Score and grade in the spirit of the MDN HTTP Observatory: start at 100 and
// subtract a penalty per check that failed or warned. A check that could not
// run (`error`) costs its fail penalty: what we could not verify earns nothing.
//
// | check            | fail | warn |
// | ---------------- | ---- | ---- |
// | tls.valid        |   40 |   10 |
// | django.debug     |   40 |   10 |
// | csp              |   25 |   10 |
// | ports.closed     |   25 |   10 |
// | https.redirect   |   20 |    5 |
// | hsts             |   20 |   10 |
// | frame.options    |   20 |    5 |
// | cookies.secure   |   20 |    5 |
// | csrf.form        |   20 |    5 |
// | tls.protocols    |   15 |    5 |
// | health           |   10 |    5 |
// | ratelimit.login  |   10 |    5 |
// | ports.open       |   10 |    5 |
// | admin.exposed    |   10 |    5 |
// | nosniff          |    5 |    2 |
// | referrer.policy  |    5 |    2 |
// | static.served    |    5 |    2 |
// | server.tokens    |    5 |    2 |
// | check_deploy:clean |  0 |    0 | (the whole report; its issues already count)
// | check_deploy:*   |   10 |    5 |
// | anything else    |    5 |    2 |
//
// Grades: A+ = 100, A ≥ 90, B ≥ 75, C ≥ 60, D ≥ 45, F below.
import type { CheckResult } from "./types.js";

export interface Penalty {
  fail: number;
  warn: number;
}

export const CHECK_WEIGHTS: Readonly<Record<string, Penalty>> = {
  "tls.valid": { fail: 40, warn: 10 },
  "django.debug": { fail: 40, warn: 10 },
  csp: { fail: 25, warn: 10 },
  "ports.closed": { fail: 25, warn: 10 },
  "https.redirect": { fail: 20, warn: 5 },
  hsts: { fail: 20, warn: 10 },
  "frame.options": { fail: 20, warn: 5 },
  "cookies.secure": { fail: 20, warn: 5 },
  "csrf.form": { fail: 20, warn: 5 },
  "tls.protocols": { fail: 15, warn: 5 },
  health: { fail: 10, warn: 5 },
  "ratelimit.login": { fail: 10, warn: 5 },
  "ports.open": { fail: 10, warn: 5 },
  "admin.exposed": { fail: 10, warn: 5 },
  nosniff: { fail: 5, warn: 2 },
  "referrer.policy": { fail: 5, warn: 2 },
  "static.served": { fail: 5, warn: 2 },
  "server.tokens": { fail: 5, warn: 2 },
  "check_deploy:clean": { fail: 0, warn: 0 },
};

const CHECK_DEPLOY_WEIGHT: Penalty = { fail: 10, warn: 5 };
const DEFAULT_WEIGHT: Penalty = { fail: 5, warn: 2 };

const GRADE_THRESHOLDS: readonly { grade: string; minScore: number }[] = [
  { grade: "A+", minScore: 100 },
  { grade: "A", minScore: 90 },
  { grade: "B", minScore: 75 },
  { grade: "C", minScore: 60 },
  { grade: "D", minScore: 45 },
  { grade: "F", minScore: 0 },
];

export function penaltyFor(result: CheckResult): number {
  const weight = CHECK_WEIGHTS[result.id] ?? (result.id.startsWith("check_deploy:") ? CHECK_DEPLOY_WEIGHT : DEFAULT_WEIGHT);
  if (result.status === "fail" || result.status === "error") return weight.fail;
  if (result.status === "warn") return weight.warn;
  return 0;
}

export function gradeFor(score: number): string {
  return GRADE_THRESHOLDS.find((threshold) => score >= threshold.minScore)?.grade ?? "F";
}

export function scoreResults(results: readonly CheckResult[]): { score: number; grade: string } {
  const penalty = results.reduce((sum, result) => sum + penaltyFor(result), 0);
  const score = Math.max(0, 100 - penalty);
  return { score, grade: gradeFor(score) };
}
