// Inbound alert payloads → golive's alerts. Each schema is the sender's documented shape
// (Alertmanager webhook v4, Sentry issue-alert webhooks, golive's own generic JSON).
import { createHash } from "node:crypto";
import { z } from "zod";
import type { InboundAlert } from "../../domain/incidents/alerts.js";

const labels = z.record(z.string(), z.string());

const alertmanagerSchema = z.object({
  version: z.literal("4", { error: 'only Alertmanager webhook payloads of version "4" are understood' }),
  status: z.enum(["firing", "resolved"]),
  alerts: z
    .array(
      z.object({
        status: z.enum(["firing", "resolved"]),
        labels,
        annotations: labels.default({}),
        fingerprint: z.string().optional(),
      }),
    )
    .min(1, "alerts is empty")
    .max(1000, "at most 1000 alerts in one request"),
});

const SEVERITY: Record<string, number> = { critical: 1, page: 1, fatal: 1, high: 2, error: 2, major: 2, warning: 3, medium: 3, minor: 3, info: 4, low: 4, debug: 4 };
const severityOf = (word: string | undefined, otherwise = 2) => (word ? (SEVERITY[word.toLowerCase()] ?? otherwise) : otherwise);

/** Alertmanager does not always send a fingerprint: the sorted labels identify an alert. */
const labelKey = (l: Record<string, string>) =>
  createHash("sha256")
    .update(JSON.stringify(Object.entries(l).sort(([a], [b]) => a.localeCompare(b))))
    .digest("hex")
    .slice(0, 16);

export function alertmanagerAlerts(body: unknown): InboundAlert[] {
  const payload = alertmanagerSchema.parse(body);
  return payload.alerts.map((a) => ({
    key: a.fingerprint ?? labelKey(a.labels),
    summary: a.annotations.summary ?? a.annotations.description ?? `${a.labels.alertname ?? "alert"}${a.labels.instance ? ` on ${a.labels.instance}` : ""}`,
    severity: severityOf(a.labels.severity),
    resolved: a.status === "resolved",
  }));
}

const sentryEventAlert = z.object({
  action: z.literal("triggered"),
  data: z.object({
    event: z.object({ title: z.string(), issue_id: z.union([z.string(), z.number()]).transform(String), level: z.string().optional() }),
    triggered_rule: z.string().optional(),
  }),
});

const sentryIssue = z.object({
  action: z.string(),
  data: z.object({ issue: z.object({ id: z.union([z.string(), z.number()]).transform(String), title: z.string(), level: z.string().optional() }) }),
});

/** Sentry's issue alerts (`event_alert`) raise; an issue marked resolved in Sentry resolves. Others are not alerts (empty). */
export function sentryAlerts(resource: string | undefined, body: unknown): InboundAlert[] {
  if (resource === "event_alert") {
    const { data } = sentryEventAlert.parse(body);
    return [{ key: data.event.issue_id, summary: `${data.triggered_rule ? `${data.triggered_rule}: ` : ""}${data.event.title}`, severity: severityOf(data.event.level) }];
  }
  if (resource === "issue") {
    const { action, data } = sentryIssue.parse(body);
    if (action === "resolved") return [{ key: data.issue.id, summary: data.issue.title, severity: severityOf(data.issue.level), resolved: true }];
  }
  return [];
}

const genericSchema = z.object({
  summary: z.string().trim().min(1, "summary is empty").max(500, "summary is longer than 500 characters"),
  key: z.string().trim().min(1).max(200).optional(),
  severity: z.number().int().min(1).max(4, "severity is 1 (worst) to 4").optional(),
  status: z.enum(["firing", "resolved"]).default("firing"),
});

export function genericAlerts(body: unknown): InboundAlert[] {
  const a = genericSchema.parse(body);
  return [{ key: a.key ?? a.summary, summary: a.summary, severity: a.severity ?? 2, resolved: a.status === "resolved" }];
}
