// The shape every audit check shares. A check never throws: whatever goes
// wrong on the network comes back as an `error` result with a readable summary.
import type { HttpClient } from "./http-client.js";
import type { AuditTarget } from "./target.js";

export type CheckStatus = "pass" | "warn" | "fail" | "error";

export interface CheckResult {
  id: string;
  status: CheckStatus;
  summary: string;
  /** What was requested and seen: URL, status, relevant headers or certificate fields, timing ms. */
  evidence: Record<string, unknown>;
}

export interface CheckContext {
  target: AuditTarget;
  http: HttpClient;
  now: () => Date;
}

export interface Check {
  id: string;
  description: string;
  /** Opt-in checks (they change state on the target) run only when this says so. */
  enabledFor?: (target: AuditTarget) => boolean;
  run(ctx: CheckContext): Promise<CheckResult>;
}
