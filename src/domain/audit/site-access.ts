// How an audit reads the site's pages. Normally over HTTPS with the certificate
// verified. When the certificate cannot be trusted (expired, wrong host, unknown
// issuer, self-signed), the pages are still read with verification off, so what is
// wrong with them gets reported; when HTTPS does not answer but plain HTTP serves
// the pages, they are read there. Either way the connection was not authenticated:
// what the checks see there can fail and flag items, never verify them. When
// nothing answers, the run reached nothing: no grade, and it proves nothing.
import { isRedirect } from "./checks/shared.js";
import { headerValue, type HttpClient } from "./http-client.js";
import type { AuditTarget } from "./target.js";
import type { Check, CheckResult } from "./types.js";

export type SiteAccess =
  | {
      reached: true;
      http: HttpClient;
      /** The target with `url` where the pages were read (the HTTP URL when HTTPS did not answer). */
      target: AuditTarget;
      overHttps: boolean;
      /** Why what was read there cannot prove anything; absent on a verified HTTPS connection. */
      unverified?: string;
    }
  | { reached: false; reason: string };

/** Finds how the home page can be read; the answers are remembered by the client, so the checks reuse them. */
export async function reachSite(target: AuditTarget, http: HttpClient): Promise<SiteAccess> {
  const home = await http.get(target.url);
  if (home.ok) return { reached: true, http, target, overHttps: true };
  let httpsProblem = home.failure.message;
  if (home.failure.kind === "tls") {
    const unverified = http.unverified();
    const again = await unverified.get(target.url);
    if (again.ok) {
      return { reached: true, http: unverified, target, overHttps: true, unverified: `read without certificate verification, the certificate cannot be trusted: ${httpsProblem}` };
    }
    httpsProblem = `${httpsProblem}; without certificate verification: ${again.failure.message}`;
  }
  const plain = await http.get(target.httpUrl);
  if (plain.ok && !isRedirect(plain.response.status)) {
    return {
      reached: true,
      http,
      target: { ...target, url: target.httpUrl },
      overHttps: false,
      unverified: `read over plain HTTP at ${target.httpUrl}, HTTPS did not answer: ${httpsProblem}`,
    };
  }
  const plainProblem = plain.ok
    ? `${target.httpUrl} only redirects (${plain.response.status} to ${headerValue(plain.response.headers, "location") ?? "nowhere"})`
    : `${target.httpUrl}: ${plain.failure.message}`;
  return { reached: false, reason: `${target.url}: ${httpsProblem}; ${plainProblem}` };
}

/** A page check that cannot run over this access: the result it gets instead. */
export function withoutPages(check: Check, access: SiteAccess): CheckResult | null {
  if (!access.reached) return { id: check.id, status: "error", summary: "not run: could not reach the site", evidence: { error: access.reason } };
  if (check.reads === "https-pages" && !access.overHttps) {
    return { id: check.id, status: "error", summary: `only counts over HTTPS, and HTTPS did not answer (${access.unverified})`, evidence: { connection: access.unverified } };
  }
  return null;
}

/** Marks what a run saw without an authenticated connection (or saw nothing at all) as unable to verify. */
export function markUnproven(result: CheckResult, check: Check | null, access: SiteAccess | null): CheckResult {
  if (access && !access.reached) return { ...result, cannotVerify: `the site could not be reached: ${access.reason}` };
  if (!access?.unverified || !check?.reads) return result;
  return { ...result, cannotVerify: access.unverified, evidence: { ...result.evidence, connection: access.unverified } };
}
