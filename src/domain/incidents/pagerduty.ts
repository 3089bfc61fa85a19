// PagerDuty Events API v2 events, queued in the outbox like chat posts: the outbox row's
// conversation is the NAME of the environment variable with the routing key (never the key),
// its payload a JSON reply holding the event. The PagerDuty notifier sends it.
import type { Reply } from "../../render/reply.js";
import type { Queryable } from "../../storage/database.js";
import { eventsRepo } from "../../storage/events-repo.js";
import { type Incident, incidentsRepo } from "../../storage/incidents-repo.js";
import { outboxRepo } from "../../storage/outbox-repo.js";
import type { Launch } from "../launches/types.js";

export type PagerDutyAction = "trigger" | "acknowledge" | "resolve";

export interface PagerDutyEvent {
  event_action: PagerDutyAction;
  dedup_key: string;
  payload?: { summary: string; source: string; severity: "critical" | "error" | "warning" | "info"; custom_details?: Record<string, unknown> };
  client?: string;
}

const SEVERITY = { 1: "critical", 2: "error", 3: "warning", 4: "info" } as const;

/** golive's incident key, the dedup_key of every event about the incident. */
export const pagerDutyKey = (launch: Launch, i: Pick<Incident, "id">) => `golive:${launch.name}:incident-${i.id}`;

export function pagerDutyEvent(launch: Launch, i: Incident, action: PagerDutyAction): PagerDutyEvent {
  const base = { event_action: action, dedup_key: pagerDutyKey(launch, i) };
  if (action !== "trigger") return base;
  return {
    ...base,
    client: "golive",
    payload: {
      summary: `[${launch.name}] ${i.summary}`.slice(0, 1024),
      source: launch.url ?? launch.name,
      severity: SEVERITY[i.severity as 1 | 2 | 3 | 4] ?? "error",
      custom_details: { launch: launch.name, incident: i.id, source: i.source, alerts: i.alertCount },
    },
  };
}

/** Reads the event back from an outbox payload (null when it is not one). */
export function eventOf(message: Reply): PagerDutyEvent | null {
  const text = message.format === "json" && message.blocks[0]?.kind === "text" ? message.blocks[0].text : null;
  if (!text) return null;
  try {
    const event = JSON.parse(text) as PagerDutyEvent;
    return typeof event.dedup_key === "string" && typeof event.event_action === "string" ? event : null;
  } catch {
    return null;
  }
}

/** Queues an event for the incident (in the caller's transaction) and notes it on the timeline. */
export async function queuePagerDuty(tx: Queryable, launch: Launch, i: Incident, action: PagerDutyAction, env: string, at: Date, actor: string) {
  const event = pagerDutyEvent(launch, i, action);
  const payload: Reply = { ok: true, visibility: "public", format: "json", summary: `PagerDuty ${action}: ${i.summary}`, blocks: [{ kind: "text", text: JSON.stringify(event) }] };
  const outboxId = await outboxRepo.enqueue(tx, { launchId: launch.id, surface: "pagerduty", conversation: env, kind: "post", payload, at });
  await incidentsRepo.addPage(tx, { incidentId: i.id, person: null, kind: "pagerduty", surface: "pagerduty", outboxId, at });
  await eventsRepo.append(tx, {
    launchId: launch.id,
    itemKey: `incident:${i.id}`,
    kind: "incident.pagerduty",
    actor,
    surface: "job",
    at,
    before: null,
    after: { action, dedupKey: event.dedup_key, env, outboxId },
    note: null,
  });
}
