// Alerts from monitoring (Alertmanager, Sentry, a generic webhook): firing alerts raise or
// count on the open incident of their key; resolved ones resolve it. One transaction per call.
import type { Database } from "../../storage/database.js";
import { incidentsRepo } from "../../storage/incidents-repo.js";
import type { Actor, Launch } from "../launches/types.js";
import { closeIncident, raiseIncident } from "./incidents.js";

export interface InboundAlert {
  key: string;
  summary: string;
  severity: number;
  resolved?: boolean;
}

export interface AlertOutcome {
  key: string;
  incident: number | null;
  action: "created" | "counted" | "resolved" | "nothing open";
  alerts: number;
}

export async function receiveAlerts(db: Database, launch: Launch, source: string, alerts: InboundAlert[], actor: Actor, at: Date): Promise<AlertOutcome[]> {
  const firing = new Map<string, { alert: InboundAlert; count: number }>();
  const resolved = new Set<string>();
  for (const alert of alerts) {
    if (alert.resolved) resolved.add(alert.key);
    else firing.set(alert.key, { alert, count: (firing.get(alert.key)?.count ?? 0) + 1 });
  }
  return db.transaction(async (tx) => {
    const out: AlertOutcome[] = [];
    for (const [key, { alert, count }] of firing) {
      const { incident, created } = await raiseIncident(tx, launch, { source, key, summary: alert.summary, severity: alert.severity, count }, actor, at);
      out.push({ key, incident: incident.id, action: created ? "created" : "counted", alerts: count });
    }
    for (const key of resolved) {
      if (firing.has(key)) continue;
      const open = await incidentsRepo.openByKey(tx, launch.id, source, key);
      if (!open) {
        out.push({ key, incident: null, action: "nothing open", alerts: 1 });
        continue;
      }
      await closeIncident(tx, launch, open, `${actor.id} reports the alert resolved`, actor, at);
      out.push({ key, incident: open.id, action: "resolved", alerts: 1 });
    }
    return out;
  });
}
