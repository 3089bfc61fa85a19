// The digest as one message: traffic and errors with their changes, the shape of the
// day (sparkline and chart), error groups (NEW or recurring), endpoints, sensitive data.
import type { Reply, ReplyAction, ReplyBlock } from "../../render/reply.js";
import { chartPng } from "./chart.js";
import { localStampOf } from "./format-time.js";
import type { DigestReport, Figures, GroupSummary } from "./report.js";
import { SENSITIVE_LABELS } from "./sensitive.js";
import { sparkline } from "./sparkline.js";

const GROUPS_SHOWN = 8;

const int = (n: number) => Math.round(n).toLocaleString("en-US");
const pct = (rate: number | null) => (rate === null ? "–" : `${(rate * 100).toFixed(rate < 0.001 && rate > 0 ? 3 : 2)}%`);

export function ms(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(value >= 10_000 ? 0 : 1)} s` : `${Math.round(value)} ms`;
}

function arrow(change: number): string {
  return change > 0 ? "▲" : change < 0 ? "▼" : "=";
}

function countChange(now: number, before: number): string {
  if (before === 0) return now === 0 ? "= 0%" : "▲ new";
  const change = (now - before) / before;
  return `${arrow(change)} ${change >= 0 ? "+" : "−"}${Math.abs(change * 100).toFixed(0)}%`;
}

function rateChange(now: number | null, before: number | null): string {
  if (now === null || before === null) return "–";
  const points = (now - before) * 100;
  return `${arrow(points)} ${points >= 0 ? "+" : "−"}${Math.abs(points).toFixed(2)} pt`;
}

function compared(label: "requests" | "rate5xx" | "rate4xx", now: Figures, previous: Figures | null, baseline: Figures | null): string {
  const parts: string[] = [];
  const change = (before: Figures) => (label === "requests" ? countChange(now.requests, before.requests) : rateChange(now[label], before[label]));
  if (previous) parts.push(`${change(previous)} vs previous day`);
  if (baseline) parts.push(`${change(baseline)} vs pre-launch baseline`);
  return parts.length > 0 ? ` (${parts.join("; ")})` : "";
}

function groupLine(g: GroupSummary, timezone: string): string {
  const badge = g.isNew ? "🆕 NEW" : "↻ recurring";
  const where = g.culprit ? ` — ${g.culprit}` : "";
  const sentry = g.sentry ? ` — Sentry ${g.sentry.shortId}${g.sentry.count ? ` (${int(g.sentry.count)} events)` : ""}` : "";
  const seen = `first ${localStampOf(new Date(g.firstSeen), timezone)}, last ${localStampOf(new Date(g.lastSeen), timezone)}`;
  return `${badge}  ${g.id}  ${g.type}: ${g.message}${where} — ${int(g.count)}× (${seen})${sentry}`;
}

export function isQuiet(report: DigestReport): boolean {
  return report.figures.s5xx === 0 && report.groups.length === 0 && report.otherErrors === 0 && report.sensitive.length === 0;
}

export interface DigestReplyOptions {
  /** `T+2` and the like, for the heading of a hypercare digest. */
  dayLabel?: string;
  /** Attach the chart (false in tests that only look at the words, and for quiet days). */
  chart?: boolean;
}

export function digestReply(report: DigestReport, options: DigestReplyOptions = {}): Reply {
  const { figures, previous, baseline, latency } = report;
  const tz = report.window.timezone;
  const blocks: ReplyBlock[] = [];
  const title = options.dayLabel ? `Daily digest — ${report.launch} — ${options.dayLabel}` : `Digest — ${report.launch}`;
  blocks.push({ kind: "heading", text: title });
  blocks.push({ kind: "text", text: `${report.window.label} (${tz})` });
  const quiet = isQuiet(report);
  if (quiet) {
    blocks.push({
      kind: "text",
      text:
        figures.requests === 0
          ? "☀️ Quiet day: no requests and no errors in the logs for this window."
          : `☀️ Quiet day: ${int(figures.requests)} requests, no 5xx, no new or recurring errors, nothing sensitive in the logs.`,
    });
  }
  const fields = [
    { label: "Requests", value: `${int(figures.requests)}${compared("requests", figures, previous, baseline)}` },
    { label: "5xx", value: `${int(figures.s5xx)} — ${pct(figures.rate5xx)}${compared("rate5xx", figures, previous, baseline)}` },
    { label: "4xx rate", value: `${pct(figures.rate4xx)}${compared("rate4xx", figures, previous, baseline)}` },
  ];
  if (latency) fields.push({ label: "Latency", value: `p50 ${ms(latency.p50)} · p95 ${ms(latency.p95)} · p99 ${ms(latency.p99)}` });
  blocks.push({ kind: "fields", fields });
  const per = report.bucketMinutes === 60 ? "hour" : `${report.bucketMinutes / 60} h`;
  blocks.push({ kind: "text", text: `5xx per ${per}: ${sparkline(report.buckets.map((b) => b.s5xx))}  (peak ${int(Math.max(0, ...report.buckets.map((b) => b.s5xx)))})` });

  if (report.groups.length > 0 || report.otherErrors > 0) {
    const newCount = report.groups.filter((g) => g.isNew).length;
    const lines = report.groups.slice(0, GROUPS_SHOWN).map((g) => groupLine(g, tz));
    const more = report.groups.length - GROUPS_SHOWN + report.otherErrors;
    if (more > 0) lines.push(`… ${more} more error group(s)`);
    blocks.push({ kind: "text", text: `*Errors* — ${report.groups.length} group(s), ${newCount} new\n${lines.join("\n")}` });
  }
  if (report.failingEndpoints.length > 0) {
    blocks.push({
      kind: "text",
      text: `*Top failing endpoints*\n${report.failingEndpoints.map((e) => `${e.endpoint} — ${int(e.s5xx)} × 5xx of ${int(e.requests)}`).join("\n")}`,
    });
  }
  if (report.slowestEndpoints.length > 0) {
    blocks.push({
      kind: "text",
      text: `*Slowest endpoints (p95)*\n${report.slowestEndpoints.map((e) => `${e.endpoint} — p95 ${ms(e.p95!)} over ${int(e.requests)} requests`).join("\n")}`,
    });
  }
  if (report.sensitive.length > 0) {
    const lines = report.sensitive.map((s) => `⚠️ ${SENSITIVE_LABELS[s.kind]}: ${int(s.count)} — e.g. ${s.examples.map((e) => `${e.redacted} (${e.where})`).join(", ")}`);
    blocks.push({ kind: "text", text: `*Sensitive data in the logs*\n${lines.join("\n")}` });
  } else {
    const lines = report.sources.reduce((sum, s) => sum + (s.kind === "logs" ? s.lines : 0), 0);
    blocks.push({ kind: "text", text: `🔒 No sensitive data found in ${int(lines)} log lines (evidence only: it does not tick the checklist item).` });
  }
  const problems = report.sources.flatMap((s) => s.errors.map((e) => `${s.name}: ${e}`));
  if (problems.length > 0) blocks.push({ kind: "text", text: `⚠️ *Could not read everything*\n${problems.slice(0, 5).join("\n")}${problems.length > 5 ? `\n… ${problems.length - 5} more` : ""}` });
  if (report.malformed.count > 0) {
    blocks.push({ kind: "text", text: `${int(report.malformed.count)} malformed line(s) skipped, e.g. ${report.malformed.examples.join("; ")}` });
  }
  if (options.chart !== false && report.buckets.length > 1 && figures.requests > 0) {
    const png = chartPng(`${report.launch}: requests, p95 and 5xx per ${per}`, report.buckets, tz, report.bucketMinutes);
    blocks.push({
      kind: "image",
      title: `Requests, p95 and 5xx per ${per}`,
      alt: `Requests, p95 latency and 5xx per ${per}, ${report.window.label}`,
      filename: `digest-${report.launch}-${report.window.to.slice(0, 10)}.png`,
      pngBase64: png.toString("base64"),
    });
  }
  const actions: ReplyAction[] = report.groups.slice(0, 3).map((g) => ({ label: `Show ${g.id}`, command: `digest show ${g.id} --launch ${report.launch}` }));
  if (actions.length > 0) blocks.push({ kind: "actions", actions });
  const summary = quiet
    ? `${title}: quiet day (${int(figures.requests)} requests)`
    : `${title}: ${int(figures.requests)} requests, ${int(figures.s5xx)} 5xx (${pct(figures.rate5xx)}), ${report.groups.filter((g) => g.isNew).length} new error group(s)${report.sensitive.length > 0 ? ", sensitive data in logs" : ""}`;
  return { ok: true, visibility: "public", summary, blocks };
}
