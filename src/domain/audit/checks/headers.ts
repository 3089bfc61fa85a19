// Security headers on the HTTPS home page: hsts, frame.options, nosniff,
// referrer.policy, csp and server.tokens. All read one (shared) GET of the home page.
import { headerValue } from "../http-client.js";
import type { Check, CheckContext, CheckResult, CheckStatus } from "../types.js";
import { cspWeaknesses, parseCsp } from "./csp.js";
import { failureResult, responseEvidence, result } from "./shared.js";

const ONE_YEAR_SECONDS = 31_536_000;

type Verdict = { status: CheckStatus; summary: string; evidence?: Record<string, unknown> };

function homePageCheck(
  id: string,
  description: string,
  headerNames: string[],
  judge: (header: (name: string) => string | undefined) => Verdict,
  reads: Check["reads"] = "pages",
): Check {
  return {
    id,
    description,
    reads,
    async run(ctx: CheckContext): Promise<CheckResult> {
      const outcome = await ctx.http.get(ctx.target.url);
      if (!outcome.ok) return failureResult(id, outcome.failure);
      const response = outcome.response;
      const verdict = judge((name) => headerValue(response.headers, name));
      return result(id, verdict.status, verdict.summary, {
        ...responseEvidence(response, headerNames),
        ...verdict.evidence,
      });
    },
  };
}

function judgeHsts(header: (name: string) => string | undefined): Verdict {
  const value = header("strict-transport-security");
  if (!value) return { status: "fail", summary: "no Strict-Transport-Security header on the HTTPS site" };
  const directives = value.split(";").map((part) => part.trim().toLowerCase());
  const maxAgeText = directives.find((part) => part.startsWith("max-age="))?.slice("max-age=".length);
  const maxAge = maxAgeText === undefined ? Number.NaN : Number(maxAgeText.replace(/"/g, ""));
  const includeSubDomains = directives.includes("includesubdomains");
  const preload = directives.includes("preload");
  const evidence = { maxAge: Number.isFinite(maxAge) ? maxAge : null, includeSubDomains, preload };
  if (!Number.isFinite(maxAge)) return { status: "fail", summary: "Strict-Transport-Security has no valid max-age", evidence };
  if (maxAge <= 0) return { status: "fail", summary: "Strict-Transport-Security max-age=0 switches HSTS off", evidence };
  const preloadNote = preload ? " (preload requested)" : "";
  if (maxAge < ONE_YEAR_SECONDS) {
    return { status: "warn", summary: `HSTS max-age is ${maxAge} s; use at least ${ONE_YEAR_SECONDS} (one year)${preloadNote}`, evidence };
  }
  if (!includeSubDomains) {
    return { status: "warn", summary: `HSTS max-age=${maxAge} but without includeSubDomains${preloadNote}`, evidence };
  }
  return { status: "pass", summary: `HSTS max-age=${maxAge}; includeSubDomains${preloadNote}`, evidence };
}

function judgeFrameOptions(header: (name: string) => string | undefined): Verdict {
  const frameOptions = header("x-frame-options")?.trim().toUpperCase();
  const csp = header("content-security-policy");
  const frameAncestors = csp ? parseCsp(csp).get("frame-ancestors") : undefined;
  if (frameAncestors && !frameAncestors.includes("*")) {
    return { status: "pass", summary: `CSP frame-ancestors ${frameAncestors.join(" ")}` };
  }
  if (frameOptions === "DENY" || frameOptions === "SAMEORIGIN") {
    return { status: "pass", summary: `X-Frame-Options: ${frameOptions}` };
  }
  if (frameOptions?.startsWith("ALLOW-FROM")) {
    return { status: "warn", summary: "X-Frame-Options ALLOW-FROM is ignored by current browsers; use CSP frame-ancestors" };
  }
  if (frameAncestors) return { status: "fail", summary: "CSP frame-ancestors * lets any site frame these pages" };
  return { status: "fail", summary: "no X-Frame-Options and no CSP frame-ancestors: pages can be framed (clickjacking)" };
}

function judgeNosniff(header: (name: string) => string | undefined): Verdict {
  const value = header("x-content-type-options");
  if (value?.trim().toLowerCase() === "nosniff") return { status: "pass", summary: "X-Content-Type-Options: nosniff" };
  if (value) return { status: "fail", summary: `X-Content-Type-Options is "${value}"; it must be nosniff` };
  return { status: "fail", summary: "no X-Content-Type-Options: nosniff header" };
}

const GOOD_REFERRER = new Set(["no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"]);
const WEAK_REFERRER = new Set(["unsafe-url", "no-referrer-when-downgrade", "origin", "origin-when-cross-origin"]);

function judgeReferrer(header: (name: string) => string | undefined): Verdict {
  const value = header("referrer-policy");
  if (!value) return { status: "warn", summary: "no Referrer-Policy header; set same-origin or strict-origin-when-cross-origin" };
  // Several comma-separated values: the last one the browser knows applies.
  const policies = value.split(",").map((part) => part.trim().toLowerCase());
  const effective = [...policies].reverse().find((policy) => GOOD_REFERRER.has(policy) || WEAK_REFERRER.has(policy));
  if (effective && GOOD_REFERRER.has(effective)) return { status: "pass", summary: `Referrer-Policy: ${effective}` };
  if (effective) return { status: "warn", summary: `Referrer-Policy ${effective} leaks full URLs or origins to other sites` };
  return { status: "fail", summary: `Referrer-Policy "${value}" is not a policy browsers know` };
}

function judgeCsp(header: (name: string) => string | undefined): Verdict {
  const enforced = header("content-security-policy");
  const reportOnly = header("content-security-policy-report-only");
  if (!enforced) {
    if (reportOnly) {
      return { status: "warn", summary: "Content-Security-Policy is only report-only; nothing is enforced yet" };
    }
    return { status: "fail", summary: "no Content-Security-Policy header" };
  }
  const weaknesses = cspWeaknesses(parseCsp(enforced));
  if (weaknesses.length > 0) {
    return { status: "warn", summary: `CSP present but weak: ${weaknesses.join("; ")}`, evidence: { weaknesses } };
  }
  return { status: "pass", summary: "Content-Security-Policy present with no obvious weakness", evidence: { weaknesses } };
}

const VERSION_PATTERN = /\/\s*v?\d|\d+\.\d+/;

function judgeServerTokens(header: (name: string) => string | undefined): Verdict {
  const leaks = ["server", "x-powered-by"]
    .map((name) => ({ name, value: header(name) }))
    .filter((entry): entry is { name: string; value: string } => Boolean(entry.value && VERSION_PATTERN.test(entry.value)));
  if (leaks.length > 0) {
    const listed = leaks.map((leak) => `${leak.name}: ${leak.value}`).join(", ");
    return { status: "fail", summary: `version numbers disclosed (${listed}); hide them (e.g. nginx server_tokens off)` };
  }
  return { status: "pass", summary: "no version numbers in Server or X-Powered-By" };
}

/** `frame.options:deny`: framing refused outright (DENY or frame-ancestors 'none'), as `X_FRAME_OPTIONS = 'DENY'` says. */
function narrowToDeny(result: CheckResult): CheckResult {
  const id = "frame.options:deny";
  if (result.status !== "pass") return { ...result, id };
  const headers = (result.evidence.headers ?? {}) as Record<string, string | null>;
  const frameOptions = headers["x-frame-options"]?.trim().toUpperCase() ?? null;
  const csp = headers["content-security-policy"];
  const ancestors = csp ? parseCsp(csp).get("frame-ancestors") : undefined;
  const denied = (ancestors?.length === 1 && ancestors[0] === "'none'") || (!ancestors && frameOptions === "DENY");
  const seen = ancestors ? `CSP frame-ancestors ${ancestors.join(" ")}` : `X-Frame-Options: ${frameOptions}`;
  return denied
    ? { ...result, id, summary: `framing is denied (${seen})` }
    : { ...result, id, status: "warn", summary: `framing is limited (${seen}) but not denied outright` };
}

/** Qualifiers for bindings (see check-ids.ts). */
export const frameOptionsQualifiers = {
  "frame.options": { valid: (qualifier: string) => qualifier === "deny", expected: "deny, as in frame.options:deny", narrow: narrowToDeny },
};

export const headerChecks: Check[] = [
  homePageCheck(
    "hsts",
    "Strict-Transport-Security with max-age ≥ 1 year and includeSubDomains",
    ["strict-transport-security"],
    judgeHsts,
    // Browsers ignore Strict-Transport-Security sent over plain HTTP.
    "https-pages",
  ),
  homePageCheck(
    "frame.options",
    "X-Frame-Options DENY/SAMEORIGIN or CSP frame-ancestors (clickjacking)",
    ["x-frame-options", "content-security-policy"],
    judgeFrameOptions,
  ),
  homePageCheck("nosniff", "X-Content-Type-Options: nosniff", ["x-content-type-options"], judgeNosniff),
  homePageCheck("referrer.policy", "a Referrer-Policy that does not leak URLs", ["referrer-policy"], judgeReferrer),
  homePageCheck(
    "csp",
    "Content-Security-Policy present, without unsafe-inline/unsafe-eval/wildcards",
    ["content-security-policy", "content-security-policy-report-only"],
    judgeCsp,
  ),
  homePageCheck(
    "server.tokens",
    "no version numbers in Server or X-Powered-By",
    ["server", "x-powered-by"],
    judgeServerTokens,
  ),
];
