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
  /**
   * Set when this result may show a problem but cannot prove anything: the
   * connection was not authenticated (a certificate nobody can trust, plain HTTP
   * instead of HTTPS). Its `fail` counts; its `pass` never verifies an item.
   */
  cannotVerify?: string;
}

export interface CheckContext {
  target: AuditTarget;
  http: HttpClient;
  now: () => Date;
}

export interface Check {
  id: string;
  description: string;
  /**
   * `pages`: reads the site's pages through ctx.http at ctx.target.url, so it can run
   * over an untrusted certificate or plain HTTP for evidence; `https-pages`: only
   * means something over HTTPS (HSTS). Unset: opens its own connections (TLS
   * handshakes, the plain-HTTP redirect, port probes) and judges them itself.
   */
  reads?: "pages" | "https-pages";
  /** Opt-in checks (they change state on the target) run only when this says so. */
  enabledFor?: (target: AuditTarget) => boolean;
  run(ctx: CheckContext): Promise<CheckResult>;
}
