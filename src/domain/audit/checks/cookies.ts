// cookies.secure: every cookie the home and login pages set is Secure, session
// cookies are also HttpOnly, and all say SameSite.
import type { Check, CheckContext, CheckResult } from "../types.js";
import { failureResult, result, urlFor } from "./shared.js";

export interface SetCookie {
  name: string;
  secure: boolean;
  httpOnly: boolean;
  sameSite: string | null;
}

/** One Set-Cookie header value: `name=value; Attr; Attr=value`. */
export function parseSetCookie(header: string): SetCookie | null {
  const [pair, ...attributes] = header.split(";");
  const name = pair?.split("=")[0]?.trim();
  if (!pair?.includes("=") || !name) return null;
  const cookie: SetCookie = { name, secure: false, httpOnly: false, sameSite: null };
  for (const attribute of attributes) {
    const [key = "", value = ""] = attribute.split("=").map((part) => part.trim());
    const lower = key.toLowerCase();
    if (lower === "secure") cookie.secure = true;
    else if (lower === "httponly") cookie.httpOnly = true;
    else if (lower === "samesite") cookie.sameSite = value || null;
  }
  return cookie;
}

function problemsOf(cookie: SetCookie): string[] {
  const problems: string[] = [];
  if (!cookie.secure) problems.push("not Secure");
  if (/sess/i.test(cookie.name) && !cookie.httpOnly) problems.push("session cookie not HttpOnly");
  if (!cookie.sameSite) problems.push("no SameSite");
  return problems;
}

async function checkCookies(ctx: CheckContext): Promise<CheckResult> {
  const id = "cookies.secure";
  const pages = [ctx.target.url, urlFor(ctx, ctx.target.loginPath)];
  const seen: { page: string; status: number; cookie: SetCookie; problems: string[] }[] = [];
  const unreachable: string[] = [];
  for (const page of pages) {
    const outcome = await ctx.http.get(page);
    if (!outcome.ok) {
      if (outcome.failure.kind === "tls" || page === ctx.target.url) return failureResult(id, outcome.failure);
      unreachable.push(page);
      continue;
    }
    for (const header of outcome.response.setCookies) {
      const cookie = parseSetCookie(header);
      if (cookie) seen.push({ page, status: outcome.response.status, cookie, problems: problemsOf(cookie) });
    }
  }
  const evidence = { pages, unreachable, cookies: seen };
  if (seen.length === 0) return result(id, "pass", "no cookies set on the home or login page", evidence);

  const insecure = seen.filter((entry) => entry.problems.some((problem) => problem !== "no SameSite"));
  const noSameSite = seen.filter((entry) => entry.problems.includes("no SameSite"));
  const describe = (entries: typeof seen) =>
    entries.map((entry) => `${entry.cookie.name} (${entry.problems.join(", ")})`).join("; ");
  if (insecure.length > 0) return result(id, "fail", `cookies at risk: ${describe(insecure)}`, evidence);
  if (noSameSite.length > 0) return result(id, "warn", `cookies without SameSite: ${describe(noSameSite)}`, evidence);
  const names = [...new Set(seen.map((entry) => entry.cookie.name))].join(", ");
  return result(id, "pass", `all cookies are Secure with SameSite (${names})`, evidence);
}

export const cookieChecks: Check[] = [
  {
    id: "cookies.secure",
    reads: "pages",
    description: "cookies are Secure and SameSite; session cookies also HttpOnly",
    run: checkCookies,
  },
];
