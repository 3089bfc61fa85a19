// django.debug and admin.exposed: what a Django site gives away to strangers.
import { randomBytes } from "node:crypto";
import { headerValue } from "../http-client.js";
import type { Check, CheckContext, CheckResult } from "../types.js";
import { failureResult, followSameHost, isRedirect, result, urlFor } from "./shared.js";

// Sentences of Django's technical 404/500 pages (DEBUG = True), after tags are stripped.
const DEBUG_MARKERS = [/you're seeing this error because you have DEBUG = True/i, /Using the URLconf defined in/i];

function textOf(html: string): string {
  return html
    .replace(/<[^>]*>/g, "")
    .replace(/&#x27;|&#39;|&apos;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}

function looksLikeDebugPage(html: string): string | null {
  const text = textOf(html);
  const marker = DEBUG_MARKERS.find((pattern) => pattern.test(text));
  return marker ? (text.match(marker)?.[0] ?? null) : null;
}

interface Probe {
  url: string;
  status?: number;
  redirects: unknown[];
  debugMarker?: string | null;
  error?: string;
}

async function checkDebug(ctx: CheckContext): Promise<CheckResult> {
  const id = "django.debug";
  const paths = [`/golive-audit-${randomBytes(6).toString("hex")}/`];
  if (ctx.target.errorPath) paths.push(ctx.target.errorPath);
  const probes: Probe[] = [];
  for (const path of paths) {
    const url = urlFor(ctx, path);
    const followed = await followSameHost(ctx, url);
    if (!followed.outcome.ok) {
      if (followed.outcome.failure.kind === "tls") return failureResult(id, followed.outcome.failure);
      probes.push({ url, redirects: followed.hops, error: followed.outcome.failure.message });
      continue;
    }
    const response = followed.outcome.response;
    probes.push({
      url,
      status: response.status,
      redirects: followed.hops,
      debugMarker: looksLikeDebugPage(response.body),
    });
  }
  const evidence = { probes };
  const exposed = probes.filter((probe) => probe.debugMarker);
  if (exposed.length > 0) {
    const where = exposed.map((probe) => probe.url).join(", ");
    return result(id, "fail", `Django's debug page is shown at ${where}: DEBUG = True in production`, evidence);
  }
  const failed = probes.filter((probe) => probe.error);
  if (failed.length === probes.length) {
    return result(id, "error", `could not fetch ${failed[0]?.url}: ${failed[0]?.error}`, evidence);
  }
  const answered = probes.filter((probe) => probe.status !== undefined);
  const statuses = answered.map((probe) => `${probe.status}`).join(", ");
  const partial = failed.length > 0 ? ` (${failed.map((probe) => probe.url).join(", ")} could not be fetched)` : "";
  return result(id, "pass", `no debug page: error pages answered ${statuses}${partial}`, evidence);
}

async function checkAdmin(ctx: CheckContext): Promise<CheckResult> {
  const id = "admin.exposed";
  const url = urlFor(ctx, ctx.target.adminPath);
  const outcome = await ctx.http.get(url);
  if (!outcome.ok) return failureResult(id, outcome.failure);
  const { status, headers, timingMs } = outcome.response;
  const location = headerValue(headers, "location") ?? null;
  const evidence = { url, status, location, timingMs };
  if (status === 404) return result(id, "pass", `${ctx.target.adminPath} answers 404: the admin is not at the default path`, evidence);
  if (status === 401 || status === 403) {
    return result(id, "pass", `${ctx.target.adminPath} answers ${status}: access is restricted before the login page`, evidence);
  }
  if (isRedirect(status) && location && /login/i.test(location)) {
    return result(id, "warn", `admin login is reachable from the internet at ${ctx.target.adminPath} (redirects to ${location}); move it or restrict it by IP/VPN`, evidence);
  }
  if (status === 200) {
    return result(id, "warn", `admin is reachable from the internet at ${ctx.target.adminPath}; move it or restrict it by IP/VPN`, evidence);
  }
  return result(id, "warn", `${ctx.target.adminPath} answered ${status}; expected 404 or 403 for a hidden admin`, evidence);
}

export const djangoChecks: Check[] = [
  {
    id: "django.debug",
    reads: "pages",
    description: "a missing page (and errorPath) does not show Django's DEBUG = True technical page",
    run: checkDebug,
  },
  {
    id: "admin.exposed",
    reads: "pages",
    description: "the admin is not reachable at its default path",
    run: checkAdmin,
  },
];
