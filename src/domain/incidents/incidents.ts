// Incidents: raised (deduplicated) or declared, acknowledged, resolved, escalated by hand,
// noted. Each change is one transaction with its timeline entries and outbox messages.
import { randomUUID } from "node:crypto";
import { GoliveError } from "../../errors.js";
import type { Database, Queryable } from "../../storage/database.js";
import { type Incident, incidentsRepo } from "../../storage/incidents-repo.js";
import { refreshLaunchStatus } from "../announcements/announce.js";
import { dateIn, phaseOn } from "../launches/calendar.js";
import { roleOf, satisfies } from "../launches/roles.js";
import type { Actor, Launch } from "../launches/types.js";
import { climb, refreshPageMessage, SYSTEM, timeline } from "./ladder.js";
import { incidentRef } from "./messages.js";
import { queuePagerDuty } from "./pagerduty.js";
import { personLabel } from "./people.js";
import { BUILTIN_POLICIES, builtinFor, parsePolicy, type Policy } from "./policy.js";
import { incidentSettingsOf } from "./settings.js";

export interface IncidentAlert {
  /** Where it came from: `declared`, `audit`, `alertmanager`, `sentry`, `webhook`, `backup`, `digest`. */
  source: string;
  /** What makes two alerts the same incident (a check id, an alert fingerprint, a Sentry issue id). */
  key: string;
  summary: string;
  severity: number;
  /** How many alerts this call stands for (a webhook may carry many). */
  count?: number;
  /** What this alert saw (the figures, the failure), kept on the timeline of a repeat. */
  detail?: string;
}


/** The policy a new incident uses now: the one set for the launch's phase, else the built-in for it. */
export async function policyFor(db: Queryable, launch: Launch, at: Date): Promise<Policy> {
  const phase = phaseOn(launch.launchDate, dateIn(launch.timezone, at));
  const stored = await incidentsRepo.policies(db, launch.id);
  const chosen = stored.find((p) => p.phases.includes(phase)) ?? stored.find((p) => p.name === builtinFor(phase));
  if (!chosen) return BUILTIN_POLICIES[builtinFor(phase)];
  return parsePolicy(chosen.name, chosen.source, { parseMention: (t) => t.replace(/^@/, "") || null, remindMinutes: chosen.remindMinutes });
}

/**
 * Raises an incident, deduplicated: while one is open for (launch, source, key), later alerts
 * only count on it. A new one starts its ladder at once. Runs in the caller's transaction,
 * so backups, digests and audits can raise one with their own change.
 */
export async function raiseIncident(tx: Queryable, launch: Launch, alert: IncidentAlert, actor: Actor, at: Date): Promise<{ incident: Incident; created: boolean }> {
  const count = alert.count ?? 1;
  const open = await incidentsRepo.openByKey(tx, launch.id, alert.source, alert.key);
  if (open) return { incident: await countRepeat(tx, launch, open, count, actor, at, alert.detail), created: false };
  const policy = await policyFor(tx, launch, at);
  const inserted = await incidentsRepo.insertIfNone(tx, {
    launchId: launch.id,
    summary: alert.summary.slice(0, 500),
    severity: alert.severity,
    source: alert.source,
    dedupKey: alert.key,
    alertCount: count,
    policy: policy.name,
    steps: policy.steps,
    remindMinutes: policy.remindMinutes,
    declaredBy: actor.id,
    declaredAt: at,
  });
  if (!inserted) {
    // Another transaction opened it between our look and our insert: count on that one.
    const winner = (await incidentsRepo.openByKey(tx, launch.id, alert.source, alert.key))!;
    return { incident: await countRepeat(tx, launch, winner, count, actor, at, alert.detail), created: false };
  }
  await timeline(tx, launch, inserted, "declared", actor, at, { summary: inserted.summary, severity: inserted.severity, source: inserted.source, key: inserted.dedupKey, policy: policy.name, alerts: count });
  const pd = incidentSettingsOf(launch).pagerduty;
  let incident = inserted;
  if (pd?.mirror) {
    await queuePagerDuty(tx, launch, incident, "trigger", pd.env, at, SYSTEM);
    await incidentsRepo.update(tx, incident.id, { pagerdutyEnv: pd.env });
    incident = { ...incident, pagerdutyEnv: pd.env };
  }
  incident = await climb(tx, launch, incident, 0, at);
  await refreshLaunchStatus(tx, launch, at);
  return { incident, created: true };
}

async function countRepeat(tx: Queryable, launch: Launch, open: Incident, count: number, actor: Actor, at: Date, detail?: string): Promise<Incident> {
  await incidentsRepo.countAlerts(tx, open.id, count, at);
  const incident = { ...open, alertCount: open.alertCount + count, lastAlertAt: at };
  await timeline(tx, launch, incident, "alert_repeated", actor, at, detail ? { count, total: incident.alertCount, detail } : { count, total: incident.alertCount });
  await refreshPageMessage(tx, launch, incident, at);
  return incident;
}

/** `incident declare`: a person's incident (never deduplicated). */
export async function declareIncident(db: Database, launch: Launch, input: { summary: string; severity: number }, actor: Actor, at: Date) {
  return db.transaction((tx) => raiseIncident(tx, launch, { source: "declared", key: `declared-${randomUUID()}`, summary: input.summary, severity: input.severity }, actor, at));
}


/** The incident `ref` (`12`, `#12`), or the only open one when none is given. */
export async function findIncident(db: Queryable, launch: Launch, ref: string | undefined, forUpdate = false): Promise<Incident> {
  if (ref === undefined) {
    const open = await incidentsRepo.list(db, launch.id, { open: true, limit: 2 });
    if (open.length === 1) return forUpdate ? (await incidentsRepo.byId(db, launch.id, open[0]!.id, true))! : open[0]!;
    if (open.length === 0) throw new GoliveError("not_found", `${launch.name} has no open incident.`, "See them all with `incident list --all`.");
    throw new GoliveError("ambiguous", `${launch.name} has several open incidents.`, "Name one: incident ack 12 (see `incident list`).");
  }
  const m = /^#?(\d{1,9})$/.exec(ref.trim());
  if (!m) throw new GoliveError("usage", `"${ref}" is not an incident number.`, "Incidents are numbered: incident show 12 (see `incident list`).");
  const incident = await incidentsRepo.byId(db, launch.id, Number(m[1]), forUpdate);
  if (!incident) throw new GoliveError("not_found", `${launch.name} has no incident #${m[1]}.`, "See them with `incident list --all`.");
  return incident;
}

/** Acknowledge, Resolve and Escalate now: the paged people and any member; a viewer is told the role it takes. */
async function requireResponder(tx: Queryable, launch: Launch, incident: Incident, actor: Actor, what: string) {
  if (actor.surface === "job" || incident.paged.includes(actor.id)) return;
  const role = await roleOf(tx, launch, actor.id);
  if (satisfies(role, "member")) return;
  throw new GoliveError("forbidden", `\`${what}\` needs the member role on ${launch.name} (or being paged for incident ${incidentRef(incident)}); you are a ${role}.`, `Ask a release manager of ${launch.name} to run: role grant @you member`);
}

type Change = { incident: Incident; changed: boolean; message: string };

async function change(db: Database, launch: Launch, ref: string | undefined, actor: Actor, what: string, fn: (tx: Queryable, incident: Incident) => Promise<Change>): Promise<Change> {
  if (launch.archivedAt) throw new GoliveError("conflict", `Launch ${launch.name} is archived; it can be read but not changed.`);
  return db.transaction(async (tx) => {
    const incident = await findIncident(tx, launch, ref, true);
    await requireResponder(tx, launch, incident, actor, what);
    return fn(tx, incident);
  });
}

export function acknowledgeIncident(db: Database, launch: Launch, ref: string | undefined, actor: Actor, at: Date): Promise<Change> {
  return change(db, launch, ref, actor, "incident ack", async (tx, incident) => {
    if (incident.status !== "triggered") return { incident, changed: false, message: `Incident ${incidentRef(incident)} is already ${incident.status}${incident.ackedBy ? ` (by ${personLabel(incident.ackedBy)})` : ""}.` };
    const acked: Incident = { ...incident, status: "acknowledged", ackedBy: actor.id, ackedAt: at };
    await incidentsRepo.update(tx, incident.id, { status: "acknowledged", ackedBy: actor.id, ackedAt: at });
    const cancelled = await incidentsRepo.cancelPending(tx, incident.id, ["ladder"], at);
    await incidentsRepo.schedule(tx, { incidentId: incident.id, launchId: launch.id, kind: "reminder", step: 0, dueAt: new Date(at.getTime() + acked.remindMinutes * 60_000) });
    await timeline(tx, launch, acked, "acknowledged", actor, at, { stoppedEscalation: cancelled > 0, remindInMinutes: acked.remindMinutes });
    if (acked.pagerdutyEnv) await queuePagerDuty(tx, launch, acked, "acknowledge", acked.pagerdutyEnv, at, actor.id);
    await refreshPageMessage(tx, launch, acked, at);
    await refreshLaunchStatus(tx, launch, at);
    return { incident: acked, changed: true, message: `You acknowledged incident ${incidentRef(acked)}: the escalation stopped. golive reminds you in ${acked.remindMinutes} minutes if it is not resolved.` };
  });
}

export function resolveIncident(db: Database, launch: Launch, ref: string | undefined, note: string | null, actor: Actor, at: Date): Promise<Change> {
  return change(db, launch, ref, actor, "incident resolve", (tx, incident) => closeIncident(tx, launch, incident, note, actor, at));
}

/** Resolves a locked incident: the ladder and reminders stop, PagerDuty and the page message follow. */
export async function closeIncident(tx: Queryable, launch: Launch, incident: Incident, note: string | null, actor: Actor, at: Date): Promise<Change> {
  if (incident.status === "resolved") return { incident, changed: false, message: `Incident ${incidentRef(incident)} is already resolved (by ${personLabel(incident.resolvedBy ?? "?")}).` };
  const resolved: Incident = { ...incident, status: "resolved", resolvedBy: actor.id, resolvedAt: at };
  await incidentsRepo.update(tx, incident.id, { status: "resolved", resolvedBy: actor.id, resolvedAt: at });
  await incidentsRepo.cancelPending(tx, incident.id, ["ladder", "reminder"], at);
  await timeline(tx, launch, resolved, "resolved", actor, at, null, note);
  if (resolved.pagerdutyEnv) await queuePagerDuty(tx, launch, resolved, "resolve", resolved.pagerdutyEnv, at, actor.id);
  await refreshPageMessage(tx, launch, resolved, at);
  await refreshLaunchStatus(tx, launch, at);
  return { incident: resolved, changed: true, message: `Incident ${incidentRef(resolved)} is resolved.` };
}

/** Escalate now: the next rung is paged at once, without waiting. */
export function escalateIncident(db: Database, launch: Launch, ref: string | undefined, actor: Actor, at: Date): Promise<Change> {
  return change(db, launch, ref, actor, "incident escalate", async (tx, incident) => {
    if (incident.status !== "triggered") return { incident, changed: false, message: `Incident ${incidentRef(incident)} is ${incident.status}; there is no escalation to hurry.` };
    if (incident.nextStep >= incident.steps.length) return { incident, changed: false, message: `Incident ${incidentRef(incident)} has been through its whole ladder (${incident.policy}); nobody is left to page.` };
    await incidentsRepo.cancelPending(tx, incident.id, ["ladder"], at);
    await timeline(tx, launch, incident, "escalated", actor, at, { reason: `escalated by ${personLabel(actor.id)}`, step: incident.nextStep + 1 });
    const climbed = await climb(tx, launch, incident, incident.nextStep, at);
    return { incident: climbed, changed: true, message: `Escalated incident ${incidentRef(climbed)}: the next step was paged now.` };
  });
}

export async function noteIncident(db: Database, launch: Launch, ref: string, text: string, actor: Actor, at: Date): Promise<Change> {
  return db.transaction(async (tx) => {
    const incident = await findIncident(tx, launch, ref, true);
    await timeline(tx, launch, incident, "note", actor, at, null, text);
    return { incident, changed: true, message: `Note added to incident ${incidentRef(incident)}.` };
  });
}
