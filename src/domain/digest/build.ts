// Makes a digest: reads every source of the launch for the window (and the window
// before, for the change), merges Sentry issues with the groups found in the logs,
// decides NEW against the stored fingerprints, and stores the digest and the groups.
import type { Database, Queryable } from "../../storage/database.js";
import { digestRepo, type StoredGroup } from "../../storage/digest-repo.js";
import { GoliveError } from "../../errors.js";
import type { Launch } from "../launches/types.js";
import { type GroupAcc, WindowAggregate } from "./aggregate.js";
import { fingerprintOf, shortGroupId } from "./fingerprint.js";
import { normalizeMessage } from "./normalize.js";
import { type ReadHooks, SourceReader } from "./read-files.js";
import { type DigestReport, type EndpointSummary, type Figures, figuresOf, type GroupSummary, type SourceSummary } from "./report.js";
import { fetchSentryIssues, type SentryIssue } from "./sentry.js";
import { type DigestSource, fieldMapOf, type LogsConfig } from "./sources.js";
import { bucketMsOf, type DigestWindow } from "./window.js";
import { localStampOf } from "./format-time.js";
import { recordSensitiveVerdict } from "./sensitive-verdict.js";
import { zonedToEpoch } from "./zoned-time.js";

export interface DigestDeps {
  env: Record<string, string | undefined>;
  sleep: (ms: number) => Promise<void>;
  /** Bytes read so far of the bytes to read. */
  onProgress?: (done: number, total: number) => void;
  hooks?: ReadHooks;
}

const GROUPS_KEPT = 50;
const ENDPOINTS_SHOWN = 5;
const MIN_REQUESTS_FOR_SLOWEST = 5;

/** How a logs source is read: its patterns, its formats, times in its timezone (else the launch's). */
export function logSourceSpec(source: { name: string; config: LogsConfig }, timezone: string) {
  return {
    name: source.name,
    patterns: source.config.patterns,
    formats: source.config.formats,
    options: { timezone: source.config.timezone ?? timezone, latencyUnit: source.config.latencyUnit, fields: fieldMapOf(source.config) },
  };
}

export interface WindowRead {
  aggregate: WindowAggregate;
  sources: SourceSummary[];
}

/** Reads the log sources of a launch for a window (plus the window before it, counted only). */
export async function readLogs(sources: readonly DigestSource[], launch: Launch, window: DigestWindow, deps: Pick<DigestDeps, "onProgress" | "hooks">): Promise<WindowRead> {
  const length = window.to.getTime() - window.from.getTime();
  const aggregate = new WindowAggregate({ from: window.from.getTime(), to: window.to.getTime(), previousFrom: window.from.getTime() - length, bucketMs: bucketMsOf(window) });
  const readers = sources.flatMap((s) => (s.kind === "logs" ? [{ source: s, reader: new SourceReader(logSourceSpec(s, launch.timezone), aggregate) }] : []));
  const plans = [];
  for (const r of readers) plans.push(await r.reader.plan());
  const total = plans.reduce((sum, p) => sum + p.bytes, 0);
  let done = 0;
  const onBytes = (n: number) => {
    done += n;
    deps.onProgress?.(Math.min(done, total), total);
  };
  const summaries: SourceSummary[] = [];
  for (const [i, { source, reader }] of readers.entries()) {
    await reader.readPlanned(plans[i]!.planned, { onBytes, hooks: deps.hooks });
    await reader.readNewFiles(plans[i]!.identities, { onBytes, hooks: deps.hooks });
    const result = reader.result();
    summaries.push({
      name: source.name,
      kind: "logs",
      files: result.files.length,
      bytes: result.files.reduce((sum, f) => sum + f.bytes, 0),
      lines: result.files.reduce((sum, f) => sum + f.lines, 0),
      errors: result.errors,
    });
  }
  return { aggregate, sources: summaries };
}

/**
 * The figures of a window from the launch's logs, without storing anything: requests,
 * 5xx and 4xx with their rates, latency quantiles. For features that watch error rates.
 */
export async function windowFigures(db: Queryable, launch: Launch, window: DigestWindow): Promise<{ figures: Figures; p95: number | null; sources: SourceSummary[] }> {
  const sources = await digestRepo.sources(db, launch.id);
  const { aggregate, sources: read } = await readLogs(sources, launch, window, {});
  return { figures: figuresOf(aggregate.current), p95: aggregate.latency.count > 0 ? aggregate.latency.getValueAtQuantile(0.95) : null, sources: read };
}

const groupMatchKey = (type: string, message: string) => `${type}\n${message}`;

interface MergedGroup {
  acc: GroupAcc;
  sentry: SentryIssue | null;
}

function mergeSentry(groups: Iterable<GroupAcc>, issues: readonly SentryIssue[], windowEnd: number): MergedGroup[] {
  const merged = new Map<string, MergedGroup>();
  for (const acc of groups) merged.set(groupMatchKey(acc.type, acc.message), { acc, sentry: null });
  for (const issue of issues) {
    const type = issue.type ?? "Sentry";
    const message = normalizeMessage(issue.value ?? issue.title);
    const key = groupMatchKey(type, message);
    const found = merged.get(key);
    if (found) {
      found.sentry = issue;
      continue;
    }
    const firstSeen = Date.parse(issue.firstSeen);
    const lastSeen = Date.parse(issue.lastSeen);
    merged.set(key, {
      acc: {
        fingerprint: fingerprintOf(type, message, issue.culprit),
        type,
        message,
        culprit: issue.culprit,
        count: issue.count,
        firstSeen: Number.isNaN(firstSeen) ? windowEnd : firstSeen,
        lastSeen: Number.isNaN(lastSeen) ? windowEnd : lastSeen,
        samples: [{ text: issue.title, where: issue.permalink ?? `Sentry ${issue.shortId}` }],
        traceback: null,
      },
      sentry: issue,
    });
  }
  return [...merged.values()];
}

function endpoints(aggregate: WindowAggregate): { failing: EndpointSummary[]; slowest: EndpointSummary[] } {
  const all: EndpointSummary[] = [];
  for (const [endpoint, acc] of aggregate.endpointEntries()) {
    all.push({ endpoint, requests: acc.requests, s5xx: acc.s5xx, p95: acc.latency.count > 0 ? acc.latency.getValueAtQuantile(0.95) : null });
  }
  const failing = all.filter((e) => e.s5xx > 0).sort((a, b) => b.s5xx - a.s5xx || a.endpoint.localeCompare(b.endpoint)).slice(0, ENDPOINTS_SHOWN);
  const slowest = all
    .filter((e) => e.p95 !== null && e.requests >= MIN_REQUESTS_FOR_SLOWEST)
    .sort((a, b) => b.p95! - a.p95! || a.endpoint.localeCompare(b.endpoint))
    .slice(0, ENDPOINTS_SHOWN);
  return { failing, slowest };
}

async function baselineOf(db: Database, launch: Launch, sources: readonly DigestSource[], window: DigestWindow, deps: DigestDeps): Promise<Figures | null> {
  const stored = await digestRepo.baseline(db, launch.id);
  if (stored) return stored.figures.requests > 0 ? stored.figures : null;
  // The week before launch day, in the launch's timezone; only once launch day has begun.
  const start = zonedToEpoch(`${launch.launchDate} 00:00:00`, launch.timezone);
  if (Number.isNaN(start) || window.to.getTime() <= start) return null;
  const baselineWindow = { from: new Date(start - 7 * 86_400_000), to: new Date(start) };
  const { aggregate } = await readLogs(sources, launch, baselineWindow, { hooks: deps.hooks });
  const week = figuresOf(aggregate.current);
  // Requests per day, rates over the week.
  const figures: Figures = { ...week, requests: Math.round(week.requests / 7), s5xx: Math.round(week.s5xx / 7), s4xx: Math.round(week.s4xx / 7) };
  await digestRepo.insertDigest(db, launch.id, { kind: "baseline", from: baselineWindow.from, to: baselineWindow.to, createdAt: window.to, figures, report: {} as DigestReport });
  return week.requests > 0 ? figures : null;
}

export interface MadeDigest {
  id: number;
  report: DigestReport;
}

export async function makeDigest(db: Database, launch: Launch, window: DigestWindow, kind: "daily" | "on-demand", now: Date, deps: DigestDeps): Promise<MadeDigest> {
  const sources = await digestRepo.sources(db, launch.id);
  if (sources.length === 0) {
    throw new GoliveError("not_found", `${launch.name} has no digest sources yet.`, "Add the logs (local shell): digest source add nginx /var/log/nginx/access.log*  — and Sentry: digest source add sentry --org <org> --project <project> --token-env SENTRY_TOKEN");
  }
  const { aggregate, sources: summaries } = await readLogs(sources, launch, window, deps);
  const issues: SentryIssue[] = [];
  for (const source of sources) {
    if (source.kind !== "sentry") continue;
    try {
      const found = await fetchSentryIssues(source.config, window.from, window.to, deps);
      issues.push(...found);
      summaries.push({ name: source.name, kind: "sentry", files: 0, bytes: 0, lines: found.length, errors: [] });
    } catch (error) {
      summaries.push({ name: source.name, kind: "sentry", files: 0, bytes: 0, lines: 0, errors: [error instanceof GoliveError ? error.message : String(error)] });
    }
  }
  const merged = mergeSentry(aggregate.groups.values(), issues, window.to.getTime());
  const stored = await digestRepo.groups(db, launch.id, merged.map((m) => m.acc.fingerprint));
  const from = window.from.getTime();
  const groups: (GroupSummary & { record: StoredGroup })[] = merged.map(({ acc, sentry }) => {
    const before = stored.get(acc.fingerprint);
    const sentryFirst = sentry ? Date.parse(sentry.firstSeen) : Number.NaN;
    const firstSeen = Math.min(acc.firstSeen, before?.firstSeen.getTime() ?? Number.POSITIVE_INFINITY, Number.isNaN(sentryFirst) ? Number.POSITIVE_INFINITY : sentryFirst);
    const sentryInfo = sentry ? { shortId: sentry.shortId, permalink: sentry.permalink, count: sentry.count } : null;
    return {
      id: shortGroupId(acc.fingerprint),
      fingerprint: acc.fingerprint,
      type: acc.type,
      message: acc.message,
      culprit: acc.culprit,
      count: acc.count,
      firstSeen: new Date(firstSeen).toISOString(),
      lastSeen: new Date(acc.lastSeen).toISOString(),
      isNew: firstSeen >= from,
      sentry: sentryInfo,
      record: { ...acc, firstSeen: new Date(firstSeen), lastSeen: new Date(acc.lastSeen), sentry: sentryInfo },
    };
  });
  groups.sort((a, b) => Number(b.isNew) - Number(a.isNew) || b.count - a.count || a.id.localeCompare(b.id));
  const baseline = await baselineOf(db, launch, sources, window, deps);
  const { failing, slowest } = endpoints(aggregate);
  const latency = aggregate.latency.count > 0 ? { p50: aggregate.latency.getValueAtQuantile(0.5), p95: aggregate.latency.getValueAtQuantile(0.95), p99: aggregate.latency.getValueAtQuantile(0.99) } : null;
  const report: DigestReport = {
    launch: launch.name,
    window: { from: window.from.toISOString(), to: window.to.toISOString(), timezone: launch.timezone, label: `${localStampOf(window.from, launch.timezone)} → ${localStampOf(window.to, launch.timezone)}` },
    figures: figuresOf(aggregate.current),
    previous: aggregate.previous.requests > 0 ? figuresOf(aggregate.previous) : null,
    baseline,
    latency,
    bucketMinutes: aggregate.window.bucketMs / 60_000,
    buckets: aggregate.buckets.map((b, i) => ({
      start: new Date(aggregate.window.from + i * aggregate.window.bucketMs).toISOString(),
      requests: b.requests,
      s5xx: b.s5xx,
      p95: b.latency.count > 0 ? b.latency.getValueAtQuantile(0.95) : null,
    })),
    groups: groups.slice(0, GROUPS_KEPT).map(({ record: _record, ...summary }) => summary),
    otherErrors: aggregate.otherErrors + Math.max(0, groups.length - GROUPS_KEPT),
    failingEndpoints: failing,
    slowestEndpoints: slowest,
    sensitive: [...aggregate.sensitive].map(([kind, acc]) => ({ kind, count: acc.count, examples: acc.examples })).sort((a, b) => b.count - a.count),
    malformed: { count: aggregate.malformed, examples: aggregate.malformedExamples },
    sources: summaries,
  };
  const id = await db.transaction(async (tx) => {
    for (const g of groups) await digestRepo.upsertGroup(tx, launch.id, g.record);
    return digestRepo.insertDigest(tx, launch.id, { kind, from: window.from, to: window.to, createdAt: now, figures: report.figures, report });
  });
  // Only a digest that read logs has a verdict on them.
  if (summaries.some((s) => s.kind === "logs" && s.lines > 0)) await recordSensitiveVerdict(db, launch, report, kind === "daily" ? "scheduled" : "manual", now);
  return { id, report };
}
