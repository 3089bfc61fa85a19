// The digest as data: what is stored, rendered, and read by other features.
import type { SensitiveKind } from "./sensitive.js";

export interface Figures {
  requests: number;
  s5xx: number;
  s4xx: number;
  /** Fractions (0.012 = 1.2 %); null without requests. */
  rate5xx: number | null;
  rate4xx: number | null;
}

export interface Latency {
  p50: number;
  p95: number;
  p99: number;
}

export interface Bucket {
  /** ISO start of the bucket. */
  start: string;
  requests: number;
  s5xx: number;
  p95: number | null;
}

export interface GroupSummary {
  id: string;
  fingerprint: string;
  type: string;
  message: string;
  culprit: string | null;
  count: number;
  firstSeen: string;
  lastSeen: string;
  isNew: boolean;
  sentry: { shortId: string; permalink: string | null; count: number } | null;
}

export interface EndpointSummary {
  endpoint: string;
  requests: number;
  s5xx: number;
  p95: number | null;
}

export interface SensitiveSummary {
  kind: SensitiveKind;
  count: number;
  examples: { redacted: string; where: string }[];
}

export interface SourceSummary {
  name: string;
  kind: "logs" | "sentry";
  files: number;
  bytes: number;
  lines: number;
  errors: string[];
}

export interface DigestReport {
  launch: string;
  window: { from: string; to: string; timezone: string; label: string };
  figures: Figures;
  previous: Figures | null;
  baseline: Figures | null;
  latency: Latency | null;
  bucketMinutes: number;
  buckets: Bucket[];
  groups: GroupSummary[];
  /** Error groups beyond the cap, counted only. */
  otherErrors: number;
  failingEndpoints: EndpointSummary[];
  slowestEndpoints: EndpointSummary[];
  sensitive: SensitiveSummary[];
  malformed: { count: number; examples: string[] };
  sources: SourceSummary[];
}

export function figuresOf(counts: { requests: number; s5xx: number; s4xx: number }): Figures {
  const rate = (n: number) => (counts.requests > 0 ? n / counts.requests : null);
  return { ...counts, rate5xx: rate(counts.s5xx), rate4xx: rate(counts.s4xx) };
}
