// health: the health endpoint answers 200 in time and, when it reports a status, says it is fine.
import { headerValue } from "../http-client.js";
import type { Check, CheckContext, CheckResult } from "../types.js";
import { failureResult, isRedirect, result, urlFor } from "./shared.js";

const HEALTHY = new Set(["ok", "pass", "passing", "healthy", "up", "green"]);

/** The `status` field of a JSON body, or undefined when there is none. */
export function reportedStatus(body: string): string | undefined {
  if (!body.trimStart().startsWith("{")) return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === "object" && "status" in parsed) return String(parsed.status);
  } catch {
    return undefined;
  }
  return undefined;
}

async function checkHealth(ctx: CheckContext): Promise<CheckResult> {
  const id = "health";
  const url = urlFor(ctx, ctx.target.healthPath);
  const outcome = await ctx.http.request(url);
  if (!outcome.ok) return failureResult(id, outcome.failure);
  const { status, headers, body, timingMs } = outcome.response;
  const reported = reportedStatus(body);
  const evidence = {
    url,
    status,
    contentType: headerValue(headers, "content-type") ?? null,
    reportedStatus: reported ?? null,
    timingMs,
  };
  if (isRedirect(status)) {
    const location = headerValue(headers, "location");
    return result(id, "fail", `${url} redirects (${status} to ${location}); point healthPath at the final URL`, evidence);
  }
  if (status !== 200) return result(id, "fail", `${url} answered ${status}, expected 200`, evidence);
  if (reported !== undefined && !HEALTHY.has(reported.toLowerCase())) {
    return result(id, "fail", `${url} answered 200 but reports status "${reported}"`, evidence);
  }
  const detail = reported === undefined ? "" : ` (status: ${reported})`;
  return result(id, "pass", `${url} answered 200 in ${timingMs} ms${detail}`, evidence);
}

export const healthChecks: Check[] = [
  {
    id: "health",
    reads: "pages",
    description: "the health endpoint answers 200 within the timeout (and reports status ok)",
    run: checkHealth,
  },
];
