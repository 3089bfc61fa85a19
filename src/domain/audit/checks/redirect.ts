// https.redirect: plain http:// must send people to the https:// site, permanently.
import { headerValue } from "../http-client.js";
import { portOf } from "../target.js";
import type { Check, CheckContext, CheckResult } from "../types.js";
import { failureResult, isRedirect, responseEvidence, result } from "./shared.js";

const PERMANENT = new Set([301, 308]);

async function checkRedirect(ctx: CheckContext): Promise<CheckResult> {
  const id = "https.redirect";
  const outcome = await ctx.http.get(ctx.target.httpUrl);
  if (!outcome.ok) return failureResult(id, outcome.failure);
  const response = outcome.response;
  const evidence = responseEvidence(response, ["location"]);
  const { status } = response;
  if (!isRedirect(status)) {
    return result(id, "fail", `${ctx.target.httpUrl} answered ${status} instead of redirecting to https://`, evidence);
  }
  const location = headerValue(response.headers, "location");
  if (!location) return result(id, "fail", `${ctx.target.httpUrl} answered ${status} without a Location header`, evidence);

  const destination = new URL(location, ctx.target.httpUrl);
  const site = new URL(ctx.target.url);
  const withDestination = { ...evidence, destination: destination.href };
  if (destination.protocol !== "https:") {
    return result(id, "fail", `${ctx.target.httpUrl} redirects to ${destination.href}, which is not https://`, withDestination);
  }
  if (destination.hostname !== site.hostname) {
    return result(
      id,
      "fail",
      `${ctx.target.httpUrl} redirects to another host (${destination.hostname}) instead of https://${site.hostname}`,
      withDestination,
    );
  }
  if (portOf(destination) !== portOf(site)) {
    return result(
      id,
      "fail",
      `${ctx.target.httpUrl} redirects to port ${portOf(destination)} but the site is served on ${portOf(site)}`,
      withDestination,
    );
  }
  if (!PERMANENT.has(status)) {
    return result(id, "warn", `redirects to https:// with a temporary ${status}; use 301 or 308 so browsers remember it`, withDestination);
  }
  return result(id, "pass", `http:// answers ${status} to ${destination.href}`, withDestination);
}

export const redirectChecks: Check[] = [
  {
    id: "https.redirect",
    description: "plain http:// permanently redirects (301/308) to https:// on the same host",
    run: checkRedirect,
  },
];
