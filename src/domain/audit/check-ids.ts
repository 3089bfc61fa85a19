// What an id in an `audit=` or `evidence=` annotation refers to, and the result
// that decides it. Three kinds:
// - a live check (`hsts`);
// - a live check with a qualifier (`ports.closed:5432`, `frame.options:deny`): judged
//   from that check's result, narrowed to what the qualifier names;
// - a recorded check (`check_deploy:W018`, see recorded-checks.ts).
import type { KnownResult } from "./audit-run.js";
import { frameOptionsQualifiers } from "./checks/headers.js";
import { portQualifiers } from "./checks/ports.js";
import { recordedCheck } from "./recorded-checks.js";
import { listChecks } from "./run-audit.js";
import type { CheckResult } from "./types.js";

/** A check that takes a qualifier: narrows its result to the qualifier, or explains why the qualifier is wrong. */
export interface Qualifier {
  valid(qualifier: string): boolean;
  /** e.g. "a port number, like ports.closed:5432" */
  expected: string;
  narrow(result: CheckResult, qualifier: string): CheckResult;
}

const QUALIFIERS: Readonly<Record<string, Qualifier>> = { ...portQualifiers, ...frameOptionsQualifiers };

function split(id: string): { check: string; qualifier: string } | null {
  const colon = id.indexOf(":");
  if (colon === -1) return null;
  const check = id.slice(0, colon);
  return Object.hasOwn(QUALIFIERS, check) ? { check, qualifier: id.slice(colon + 1) } : null;
}

const isLiveCheck = (id: string) => listChecks().some((check) => check.id === id);

/** The result id a bound id is decided by: `ports.closed:5432` → `ports.closed`; others are their own. */
export function resultIdOf(id: string): string {
  return split(id)?.check ?? id;
}

/** Why golive cannot judge this id, or null when it can. */
export function unknownCheckReason(id: string): string | null {
  if (isLiveCheck(id) || recordedCheck(id)) return null;
  const parts = split(id);
  if (parts) return QUALIFIERS[parts.check]!.valid(parts.qualifier) ? null : `${id}: expected ${QUALIFIERS[parts.check]!.expected}`;
  return `${id}: no such check`;
}

/** The latest result that decides a bound id; qualified ids get their check's result narrowed. */
export function resultFor(id: string, known: ReadonlyMap<string, KnownResult>): KnownResult | undefined {
  const own = known.get(id);
  if (own) return own;
  const parts = split(id);
  const base = parts ? known.get(parts.check) : undefined;
  if (!parts || !base) return undefined;
  return { ...QUALIFIERS[parts.check]!.narrow(base, parts.qualifier), id, runId: base.runId, at: base.at };
}
