// static.served: a static asset comes back compressed and cacheable for a long time.
import { headerValue } from "../http-client.js";
import type { Check, CheckContext, CheckResult } from "../types.js";
import { failureResult, followSameHost, result, urlFor } from "./shared.js";

const ONE_DAY_SECONDS = 86_400;
const ASSET_TAGS = /<link\b[^>]*>|<script\b[^>]*>/gi;

function attribute(tag: string, name: string): string | undefined {
  const match = tag.match(new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, "i"));
  return match ? (match[1] ?? match[2] ?? match[3]) : undefined;
}

/** Stylesheet and script URLs of a page, in document order, resolved against the page URL. */
export function linkedAssets(html: string, pageUrl: string): string[] {
  const assets: string[] = [];
  for (const [tag] of html.matchAll(ASSET_TAGS)) {
    const isStylesheet = tag.toLowerCase().startsWith("<link") && /\bstylesheet\b/i.test(attribute(tag, "rel") ?? "");
    const href = isStylesheet ? attribute(tag, "href") : tag.toLowerCase().startsWith("<script") ? attribute(tag, "src") : undefined;
    if (!href) continue;
    try {
      assets.push(new URL(href, pageUrl).href);
    } catch {
      // An unparseable href is the page's problem, not an asset we can test.
    }
  }
  return assets;
}

function maxAgeOf(cacheControl: string): number | null {
  const match = cacheControl.match(/(?:^|[,\s])max-age\s*=\s*"?(\d+)/i);
  return match?.[1] ? Number(match[1]) : null;
}

async function findAsset(ctx: CheckContext): Promise<{ url?: string; source: string; skipped: string[]; error?: CheckResult }> {
  if (ctx.target.staticPath) return { url: urlFor(ctx, ctx.target.staticPath), source: "staticPath", skipped: [] };
  const { outcome: home } = await followSameHost(ctx, ctx.target.url);
  if (!home.ok) return { source: "home page", skipped: [], error: failureResult("static.served", home.failure) };
  const host = new URL(ctx.target.url).host;
  const assets = linkedAssets(home.response.body, home.response.url);
  const sameHost = assets.find((asset) => new URL(asset).host === host);
  return { url: sameHost, source: "first same-host stylesheet or script on the home page", skipped: assets.filter((asset) => asset !== sameHost) };
}

async function checkStatic(ctx: CheckContext): Promise<CheckResult> {
  const id = "static.served";
  const found = await findAsset(ctx);
  if (found.error) return found.error;
  if (!found.url) {
    return result(id, "warn", "the home page links no same-host stylesheet or script; set staticPath to test one", {
      otherHostAssets: found.skipped,
    });
  }
  const outcome = await ctx.http.get(found.url, { "accept-encoding": "gzip, br" });
  if (!outcome.ok) return failureResult(id, outcome.failure, { source: found.source });
  const { status, headers, timingMs } = outcome.response;
  const encoding = headerValue(headers, "content-encoding")?.trim().toLowerCase() ?? null;
  const cacheControl = headerValue(headers, "cache-control") ?? null;
  const maxAge = cacheControl ? maxAgeOf(cacheControl) : null;
  const immutable = cacheControl ? /\bimmutable\b/i.test(cacheControl) : false;
  const evidence = {
    url: found.url,
    source: found.source,
    status,
    requestHeaders: { "accept-encoding": "gzip, br" },
    headers: { "content-encoding": encoding, "cache-control": cacheControl, "content-length": headerValue(headers, "content-length") ?? null },
    maxAge,
    timingMs,
  };
  if (status !== 200) return result(id, "fail", `${found.url} answered ${status}`, evidence);
  const compressed = encoding === "gzip" || encoding === "br";
  const longLived = immutable || (maxAge !== null && maxAge >= ONE_DAY_SECONDS);
  const problems: string[] = [];
  if (!compressed) problems.push("not compressed (no gzip or br Content-Encoding)");
  if (!cacheControl || /no-store|no-cache/i.test(cacheControl) || (maxAge === null && !immutable)) {
    problems.push(`no long-lived Cache-Control (${cacheControl ?? "missing"})`);
  }
  if (problems.length > 0) return result(id, "fail", `${found.url}: ${problems.join("; ")}`, evidence);
  if (!longLived) {
    return result(id, "warn", `${found.url} is compressed (${encoding}) but cached for only ${maxAge} s; use a year with hashed file names`, evidence);
  }
  return result(id, "pass", `${found.url} is served ${encoding}-compressed with Cache-Control: ${cacheControl}`, evidence);
}

export const staticChecks: Check[] = [
  {
    id: "static.served",
    reads: "pages",
    description: "static files come back compressed (gzip/br) with a long-lived Cache-Control",
    run: checkStatic,
  },
];
