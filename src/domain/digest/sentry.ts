// Sentry issues of a project in a window, from the organization issues endpoint
// (`GET /api/0/organizations/{org}/issues/?project=…&start=…&end=…`), paginated by the
// Link header, with a Bearer token (scope event:read) read from a named environment
// variable. A 429 is waited out (Retry-After) a few times before giving up.
import { GoliveError } from "../../errors.js";

export interface SentrySourceConfig {
  url: string;
  org: string;
  project: string;
  /** The NAME of the environment variable that holds the token. */
  tokenEnv: string;
}

export interface SentryIssue {
  id: string;
  shortId: string;
  title: string;
  culprit: string | null;
  permalink: string | null;
  count: number;
  firstSeen: string;
  lastSeen: string;
  type: string | null;
  value: string | null;
  level: string | null;
}

export interface SentryDeps {
  env: Record<string, string | undefined>;
  /** Waits out a Retry-After (injected: tests do not sleep). */
  sleep: (ms: number) => Promise<void>;
  fetch?: typeof fetch;
}

const MAX_PAGES = 20;
const MAX_RATE_LIMIT_WAITS = 3;
const MAX_WAIT_MS = 60_000;
const TIMEOUT_MS = 20_000;

/** The `rel="next"` URL of a Link header while Sentry says there are results there. */
export function nextPageUrl(link: string | null): string | null {
  if (!link) return null;
  for (const part of link.split(/,\s*(?=<)/)) {
    const url = /^<([^>]+)>/.exec(part)?.[1];
    if (!url || !/;\s*rel="next"/.test(part)) continue;
    const results = /;\s*results="(true|false)"/.exec(part)?.[1];
    return results === "false" ? null : url;
  }
  return null;
}

function toIssue(raw: Record<string, unknown>): SentryIssue {
  const metadata = (raw.metadata ?? {}) as Record<string, unknown>;
  const str = (value: unknown) => (typeof value === "string" ? value : null);
  return {
    id: String(raw.id),
    shortId: str(raw.shortId) ?? String(raw.id),
    title: str(raw.title) ?? "(untitled)",
    culprit: str(raw.culprit),
    permalink: str(raw.permalink),
    count: Number(raw.count ?? 0) || 0,
    firstSeen: str(raw.firstSeen) ?? "",
    lastSeen: str(raw.lastSeen) ?? "",
    type: str(metadata.type),
    value: str(metadata.value),
    level: str(raw.level),
  };
}

const retryAfterMs = (header: string | null) => {
  const seconds = Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.min(seconds * 1000, MAX_WAIT_MS) : 5_000;
};

export function issuesUrl(config: SentrySourceConfig, from: Date, to: Date): string {
  const url = new URL(`/api/0/organizations/${encodeURIComponent(config.org)}/issues/`, config.url);
  url.searchParams.set("project", config.project);
  url.searchParams.set("start", from.toISOString());
  url.searchParams.set("end", to.toISOString());
  // An empty query lists every issue, not only unresolved ones.
  url.searchParams.set("query", "");
  url.searchParams.set("limit", "100");
  return url.toString();
}

export async function fetchSentryIssues(config: SentrySourceConfig, from: Date, to: Date, deps: SentryDeps): Promise<SentryIssue[]> {
  const token = deps.env[config.tokenEnv];
  if (!token) {
    throw new GoliveError("config", `The Sentry token variable ${config.tokenEnv} is not set.`, `Set ${config.tokenEnv} to a Sentry auth token with the event:read scope.`);
  }
  const doFetch = deps.fetch ?? fetch;
  const issues: SentryIssue[] = [];
  let url: string | null = issuesUrl(config, from, to);
  let waits = 0;
  for (let page = 0; url && page < MAX_PAGES; ) {
    let response: Response;
    try {
      response = await doFetch(url, { headers: { authorization: `Bearer ${token}`, accept: "application/json" }, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (error) {
      throw new GoliveError("invalid", `Cannot reach Sentry at ${new URL(url).host}: ${(error as Error).message}.`);
    }
    if (response.status === 429 && waits < MAX_RATE_LIMIT_WAITS) {
      waits++;
      await response.arrayBuffer().catch(() => {});
      await deps.sleep(retryAfterMs(response.headers.get("retry-after")));
      continue;
    }
    if (!response.ok) {
      await response.arrayBuffer().catch(() => {});
      const why =
        response.status === 401 || response.status === 403
          ? `Sentry refused the token in ${config.tokenEnv} (HTTP ${response.status}); it needs the event:read scope and access to ${config.org}.`
          : response.status === 404
            ? `Sentry has no organization "${config.org}" (HTTP 404).`
            : response.status === 429
              ? "Sentry kept rate-limiting golive (HTTP 429)."
              : `Sentry answered HTTP ${response.status}.`;
      throw new GoliveError("invalid", why);
    }
    const body = (await response.json().catch(() => null)) as unknown;
    if (!Array.isArray(body)) throw new GoliveError("invalid", "Sentry answered something that is not a list of issues.");
    for (const raw of body) if (raw && typeof raw === "object") issues.push(toIssue(raw as Record<string, unknown>));
    url = nextPageUrl(response.headers.get("link"));
    page++;
  }
  return issues;
}
