// csrf.form and ratelimit.login: the login page is protected against forged
// posts and against password guessing.
import { randomBytes } from "node:crypto";
import type { HttpResponse } from "../http-client.js";
import type { AuditTarget } from "../target.js";
import type { Check, CheckContext, CheckResult } from "../types.js";
import { parseSetCookie } from "./cookies.js";
import { failureResult, failureSummary, followSameHost, result, urlFor } from "./shared.js";

const CSRF_INPUT = /<input\b[^>]*\bname\s*=\s*["']?csrfmiddlewaretoken\b[^>]*>/i;

function csrfTokenIn(html: string): string | null {
  const input = html.match(CSRF_INPUT)?.[0];
  if (!input) return null;
  return input.match(/\bvalue\s*=\s*["']?([^"'\s>]+)/i)?.[1] ?? "";
}

function cookiePairs(response: HttpResponse): Map<string, string> {
  const pairs = new Map<string, string>();
  for (const header of response.setCookies) {
    const pair = header.split(";")[0] ?? "";
    const cookie = parseSetCookie(header);
    if (cookie) pairs.set(cookie.name, pair.slice(pair.indexOf("=") + 1).trim());
  }
  return pairs;
}

async function checkCsrfForm(ctx: CheckContext): Promise<CheckResult> {
  const id = "csrf.form";
  const url = urlFor(ctx, ctx.target.loginPath);
  const followed = await followSameHost(ctx, url);
  if (!followed.outcome.ok) return failureResult(id, followed.outcome.failure, { redirects: followed.hops });
  const response = followed.outcome.response;
  const cookies = cookiePairs(response);
  const evidence = {
    url,
    finalUrl: response.url,
    status: response.status,
    redirects: followed.hops,
    leftHostTo: followed.leftHostTo ?? null,
    csrfCookie: cookies.has("csrftoken"),
    timingMs: response.timingMs,
  };
  if (followed.leftHostTo) {
    return result(id, "warn", `the login page redirects to another host (${followed.leftHostTo}); not followed, check it there`, evidence);
  }
  if (response.status !== 200) {
    return result(id, "warn", `login page ${url} answered ${response.status}; set loginPath to the site's login page`, evidence);
  }
  const hasForm = /<form\b/i.test(response.body);
  const token = csrfTokenIn(response.body);
  if (token !== null) return result(id, "pass", "the login form carries a csrfmiddlewaretoken", { ...evidence, tokenInForm: true });
  if (hasForm && cookies.has("csrftoken")) {
    return result(id, "pass", "the login page sets a csrftoken cookie for its form", { ...evidence, tokenInForm: false });
  }
  if (hasForm) return result(id, "fail", "the login form has no CSRF token (no csrfmiddlewaretoken, no csrftoken cookie)", evidence);
  return result(id, "warn", `no form found on ${response.url}; set loginPath to the page with the login form`, evidence);
}

const LOCKOUT_TEXT = /too many|locked|lockout|try again later|temporarily (blocked|disabled)|rate limit/i;
const CSRF_FAILURE = /CSRF verification failed/i;

async function checkRateLimit(ctx: CheckContext): Promise<CheckResult> {
  const id = "ratelimit.login";
  const attempts = ctx.target.rateLimitLogin.attempts;
  const url = urlFor(ctx, ctx.target.loginPath);
  const page = await ctx.http.get(url);
  if (!page.ok) return failureResult(id, page.failure);
  const token = csrfTokenIn(page.response.body) ?? "";
  const cookies = cookiePairs(page.response);
  const user = `golive-audit-${randomBytes(4).toString("hex")}`;
  const body = new URLSearchParams({
    csrfmiddlewaretoken: token,
    username: user,
    login: user,
    password: randomBytes(12).toString("hex"),
  }).toString();
  const headers = {
    "content-type": "application/x-www-form-urlencoded",
    cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join("; "),
    // Django's CSRF check on HTTPS wants a same-origin Referer/Origin.
    referer: url,
    origin: new URL(url).origin,
  };
  const statuses: number[] = [];
  let baselineMentionsLockout = false;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const outcome = await ctx.http.request(url, { method: "POST", headers, body });
    const evidence = { url, user, attemptsAllowed: attempts, statuses };
    if (!outcome.ok) return result(id, "error", `attempt ${attempt}: ${failureSummary(outcome.failure)}`, evidence);
    const { status, body: text } = outcome.response;
    statuses.push(status);
    if (status === 429) return result(id, "pass", `failed logins are throttled: 429 after ${attempt} attempts`, evidence);
    if (status === 403 && CSRF_FAILURE.test(text)) {
      return result(id, "error", "the login POST was rejected by CSRF protection, so rate limiting could not be tested", evidence);
    }
    // The first failed attempt is the baseline: a lockout is a change from it.
    const lockoutText = LOCKOUT_TEXT.test(text);
    if (attempt === 1) baselineMentionsLockout = lockoutText;
    const lockedOut = (lockoutText && !baselineMentionsLockout) || (status === 403 && statuses[0] !== 403);
    if (attempt > 1 && lockedOut) {
      return result(id, "pass", `failed logins are locked out after ${attempt} attempts (status ${status})`, evidence);
    }
  }
  return result(id, "fail", `${attempts} failed logins in a row were all accepted for another try (no 429, no lockout)`, {
    url,
    user,
    attemptsAllowed: attempts,
    statuses,
  });
}

export const loginChecks: Check[] = [
  {
    id: "csrf.form",
    reads: "pages",
    description: "the login form carries a CSRF token",
    run: checkCsrfForm,
  },
  {
    id: "ratelimit.login",
    reads: "pages",
    description: "repeated failed logins get 429 or a lockout (opt-in: sends rateLimitLogin.attempts POSTs)",
    enabledFor: (target: AuditTarget) => target.rateLimitLogin.enabled,
    run: checkRateLimit,
  },
];
