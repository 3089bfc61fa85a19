// Incidents golive raises from its own work (a failed backup or drill, a 5xx rate over the
// threshold). They need someone to page: a launch with no on-call rotation and no escalation
// policy of its own gets none (its failures are still posted and DMed as before). When the
// condition clears, the open incident says so on its timeline; people resolve it.
import type { Queryable } from "../../storage/database.js";
import { eventsRepo } from "../../storage/events-repo.js";
import { type Incident, incidentsRepo } from "../../storage/incidents-repo.js";
import { oncallRepo } from "../../storage/oncall-repo.js";
import type { Launch } from "../launches/types.js";
import { type IncidentAlert, raiseIncident } from "./incidents.js";
import { JOB, timeline } from "./ladder.js";

/** A rotation or an escalation policy set for the launch: someone golive can page. */
export async function onCallSetUp(db: Queryable, launchId: number): Promise<boolean> {
  return (await oncallRepo.list(db, launchId)).length > 0 || (await incidentsRepo.policies(db, launchId)).length > 0;
}

/** Raises (or counts on) the incident of `alert` as golive; null when nobody is on call. */
export async function raiseAutomatic(tx: Queryable, launch: Launch, alert: IncidentAlert, at: Date): Promise<{ incident: Incident; created: boolean } | null> {
  if (!(await onCallSetUp(tx, launch.id))) return null;
  return raiseIncident(tx, launch, alert, JOB, at);
}

/**
 * Says on the open incident of (source, key) that its condition cleared, once per clearing
 * (nothing when none is open, or when the last alert was already followed by a clearing).
 */
export async function noteCleared(tx: Queryable, launch: Launch, source: string, key: string, detail: string, at: Date): Promise<Incident | null> {
  const open = await incidentsRepo.openByKey(tx, launch.id, source, key);
  if (!open) return null;
  const { events } = await eventsRepo.list(tx, launch.id, { itemKey: `incident:${open.id}`, kindPrefix: "incident.cleared", limit: 1 });
  if (events[0] && events[0].at.getTime() >= open.lastAlertAt.getTime()) return null;
  await timeline(tx, launch, open, "cleared", JOB, at, { detail });
  return open;
}
