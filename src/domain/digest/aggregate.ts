// Folds parsed records into the figures of one window, in bounded memory: counts,
// quantile sketches (DDSketch, 1 % relative accuracy), per-bucket counts, endpoints and
// error groups capped in number, a few samples each. Records of the window before are
// only counted (for the day-over-day change).
import { DDSketch } from "@datadog/sketches-js";
import { type GroupKey, groupKeyOf } from "./fingerprint.js";
import { detached, PathNormalizer } from "./normalize.js";
import type { AccessRecord, ErrorRecord, Origin } from "./records.js";
import { type Finding, redactLine, type SensitiveKind } from "./sensitive.js";

/** Distinct endpoints (method and normalized path) with figures of their own; the rest are one. */
export const MAX_ENDPOINTS = 2_000;
/** Distinct error groups kept; errors of further groups are only counted. */
export const MAX_GROUPS = 500;
export const SAMPLES_PER_GROUP = 3;
export const EXAMPLES_PER_KIND = 3;
export const MAX_TRACEBACK_CHARS = 20_000;
/** The endpoint that stands for every endpoint beyond the first MAX_ENDPOINTS. */
export const OTHER_ENDPOINT = `other endpoints (beyond the first ${MAX_ENDPOINTS.toLocaleString("en-US")})`;

export interface Counts {
  requests: number;
  s5xx: number;
  s4xx: number;
}

export interface EndpointAcc extends Counts {
  latency: DDSketch;
}

export interface GroupAcc extends GroupKey {
  count: number;
  firstSeen: number;
  lastSeen: number;
  /** Redacted first lines of a few occurrences, with where they were found. */
  samples: { text: string; where: string }[];
  /** One full (redacted) record: header and traceback. */
  traceback: string | null;
}

export interface SensitiveAcc {
  count: number;
  examples: { redacted: string; where: string }[];
}

export interface Window {
  from: number;
  to: number;
  /** Start of the window before it (same length): counted only. */
  previousFrom: number;
  bucketMs: number;
}

const newSketch = () => new DDSketch({ relativeAccuracy: 0.01 });

export function whereOf(origin: Origin): string {
  return `${origin.file}:${origin.line}`;
}

export class WindowAggregate {
  readonly current: Counts = { requests: 0, s5xx: 0, s4xx: 0 };
  readonly previous: Counts = { requests: 0, s5xx: 0, s4xx: 0 };
  readonly latency = newSketch();
  readonly buckets: (Counts & { latency: DDSketch })[];
  /** Normalized path → method → figures. */
  private readonly paths = new PathNormalizer();
  private readonly endpoints = new Map<string, Map<string, EndpointAcc>>();
  private endpointCount = 0;
  private readonly other: EndpointAcc = { requests: 0, s5xx: 0, s4xx: 0, latency: newSketch() };
  readonly groups = new Map<string, GroupAcc>();
  otherErrors = 0;
  readonly sensitive = new Map<SensitiveKind, SensitiveAcc>();
  malformed = 0;
  readonly malformedExamples: string[] = [];

  constructor(readonly window: Window) {
    const count = Math.max(1, Math.ceil((window.to - window.from) / window.bucketMs));
    this.buckets = Array.from({ length: count }, () => ({ requests: 0, s5xx: 0, s4xx: 0, latency: newSketch() }));
  }

  /** Which window a time falls in. */
  placeOf(at: number): "current" | "previous" | null {
    if (at >= this.window.from && at < this.window.to) return "current";
    if (at >= this.window.previousFrom && at < this.window.from) return "previous";
    return null;
  }

  addAccess(record: AccessRecord): void {
    const place = this.placeOf(record.at);
    if (place === null) return;
    const is5xx = record.status >= 500;
    const is4xx = record.status >= 400 && record.status < 500;
    const counts = place === "current" ? this.current : this.previous;
    counts.requests++;
    if (is5xx) counts.s5xx++;
    else if (is4xx) counts.s4xx++;
    if (place === "previous") return;
    const bucket = this.buckets[Math.floor((record.at - this.window.from) / this.window.bucketMs)]!;
    bucket.requests++;
    if (is5xx) bucket.s5xx++;
    else if (is4xx) bucket.s4xx++;
    const endpoint = this.endpointOf(record.method, record.path);
    endpoint.requests++;
    if (is5xx) endpoint.s5xx++;
    else if (is4xx) endpoint.s4xx++;
    if (record.latencyMs !== null && record.latencyMs >= 0) {
      this.latency.accept(record.latencyMs);
      bucket.latency.accept(record.latencyMs);
      endpoint.latency.accept(record.latencyMs);
    }
  }

  private endpointOf(method: string, path: string): EndpointAcc {
    const normalized = this.paths.normalize(path);
    let byMethod = this.endpoints.get(normalized);
    let endpoint = byMethod?.get(method);
    if (endpoint) return endpoint;
    if (this.endpointCount >= MAX_ENDPOINTS) return this.other;
    if (!byMethod) {
      byMethod = new Map();
      this.endpoints.set(detached(normalized), byMethod);
    }
    endpoint = { requests: 0, s5xx: 0, s4xx: 0, latency: newSketch() };
    byMethod.set(detached(method), endpoint);
    this.endpointCount++;
    return endpoint;
  }

  /** Every endpoint as `GET /users/{id}` with its figures (beyond the cap: OTHER_ENDPOINT). */
  *endpointEntries(): Generator<[string, EndpointAcc]> {
    for (const [path, byMethod] of this.endpoints) for (const [method, acc] of byMethod) yield [`${method} ${path}`, acc];
    if (this.other.requests > 0) yield [OTHER_ENDPOINT, this.other];
  }

  addError(record: ErrorRecord, origin: Origin): void {
    if (this.placeOf(record.at) !== "current") return;
    const key = groupKeyOf(record);
    let group = this.groups.get(key.fingerprint);
    if (!group) {
      if (this.groups.size >= MAX_GROUPS) {
        this.otherErrors++;
        return;
      }
      // Copies: the type or message may be a slice of the chunk the line was read in.
      group = { fingerprint: key.fingerprint, type: detached(key.type), message: detached(key.message), culprit: key.culprit === null ? null : detached(key.culprit), count: 0, firstSeen: record.at, lastSeen: record.at, samples: [], traceback: null };
      this.groups.set(key.fingerprint, group);
    }
    group.count++;
    if (record.at < group.firstSeen) group.firstSeen = record.at;
    if (record.at > group.lastSeen) group.lastSeen = record.at;
    if (group.samples.length < SAMPLES_PER_GROUP) {
      const firstLine = record.text.split("\n", 1)[0] ?? record.message;
      group.samples.push({ text: detached(redactLine(firstLine).slice(0, 500)), where: whereOf(origin) });
    }
    if (group.traceback === null && record.frames.length > 0) {
      group.traceback = detached(redactLine(record.text).slice(0, MAX_TRACEBACK_CHARS));
    }
  }

  addFindings(findings: readonly Finding[], origin: Origin): void {
    for (const finding of findings) {
      let acc = this.sensitive.get(finding.kind);
      if (!acc) {
        acc = { count: 0, examples: [] };
        this.sensitive.set(finding.kind, acc);
      }
      acc.count++;
      if (acc.examples.length < EXAMPLES_PER_KIND) acc.examples.push({ redacted: detached(finding.redacted), where: whereOf(origin) });
    }
  }

  addMalformed(origin: Origin, why: string): void {
    this.malformed++;
    if (this.malformedExamples.length < 3) this.malformedExamples.push(`${whereOf(origin)}: ${why}`);
  }
}
