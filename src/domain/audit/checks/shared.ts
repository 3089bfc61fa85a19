// Helpers every check family uses: building results, turning network
// failures into `error` results, and following redirects on purpose.
import type { HttpFailure, HttpOutcome, HttpResponse } from "../http-client.js";
import { headerValue } from "../http-client.js";
import type { CheckContext, CheckResult, CheckStatus } from "../types.js";

export function result(
  id: string,
  status: CheckStatus,
  summary: string,
  evidence: Record<string, unknown> = {},
): CheckResult {
  return { id, status, summary, evidence };
}

export function failureSummary(failure: HttpFailure): string {
  switch (failure.kind) {
    case "tls":
      return `TLS handshake failed: ${failure.message} — see tls.valid`;
    case "timeout":
      return `no answer from ${failure.url} within the timeout (${failure.message})`;
    case "budget":
      return failure.message;
    default:
      return `could not reach ${failure.url}: ${failure.message}`;
  }
}

export function failureResult(id: string, failure: HttpFailure, evidence: Record<string, unknown> = {}): CheckResult {
  return result(id, "error", failureSummary(failure), {
    url: failure.url,
    error: failure.message,
    code: failure.code,
    timingMs: failure.timingMs,
    ...evidence,
  });
}

/** The request line, status, timing and the named headers (absent ones as null). */
export function responseEvidence(response: HttpResponse, headerNames: string[] = []): Record<string, unknown> {
  const headers: Record<string, string | null> = {};
  for (const name of headerNames) headers[name] = headerValue(response.headers, name) ?? null;
  return {
    url: response.url,
    method: response.method,
    status: response.status,
    timingMs: response.timingMs,
    ...(headerNames.length > 0 ? { headers } : {}),
  };
}

export function urlFor(ctx: CheckContext, path: string): string {
  return new URL(path, ctx.target.url).href;
}

export function isRedirect(status: number): boolean {
  return status >= 300 && status < 400;
}

export interface RedirectHop {
  url: string;
  status: number;
  location: string | null;
}

export interface FollowedOutcome {
  outcome: HttpOutcome;
  hops: RedirectHop[];
  /** Set when a redirect pointed to another host: we stop there and say so. */
  leftHostTo?: string;
}

/** GETs `url` and follows up to `maxHops` redirects, only while they stay on the same host. */
export async function followSameHost(ctx: CheckContext, url: string, maxHops = 3): Promise<FollowedOutcome> {
  const hops: RedirectHop[] = [];
  let current = url;
  for (;;) {
    const outcome = await ctx.http.get(current);
    if (!outcome.ok || !isRedirect(outcome.response.status)) return { outcome, hops };
    const location = headerValue(outcome.response.headers, "location") ?? null;
    hops.push({ url: current, status: outcome.response.status, location });
    if (!location || hops.length > maxHops) return { outcome, hops };
    const next = new URL(location, current);
    if (next.host !== new URL(current).host) return { outcome, hops, leftHostTo: next.href };
    current = next.href;
  }
}
