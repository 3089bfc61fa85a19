// Incidents and their escalation ladder. Every change happens in one transaction that also
// writes the timeline (events) and queues what must be said (outbox): pages, the page
// message in the launch channel (updated in place), PagerDuty events.
import { randomUUID } from "node:crypto";
import { GoliveError } from "../../errors.js";
import type { Database, Queryable } from "../../storage/database.js";
import { eventsRepo } from "../../storage/events-repo.js";
import { type Incident, incidentsRepo } from "../../storage/incidents-repo.js";
import { launchesRepo } from "../../storage/launches-repo.js";
import { outboxRepo } from "../../storage/outbox-repo.js";
import { rolesRepo } from "../../storage/roles-repo.js";
import { refreshLaunchStatus } from "../announcements/announce.js";
import { dmSurfaces, postTargets } from "../announcements/launch-state.js";
import { dateIn, phaseOn } from "../launches/calendar.js";
import { roleOf, satisfies } from "../launches/roles.js";
import type { Actor, Launch } from "../launches/types.js";
import { channelPage, incidentCard, incidentRef, pageDm, reminderDm } from "./messages.js";
import { whoIsOnCall } from "./oncall.js";
import { queuePagerDuty } from "./pagerduty.js";
import { personLabel } from "./people.js";
import { BUILTIN_POLICIES, builtinFor, type NotifyTarget, parsePolicy, type Policy, stepText } from "./policy.js";
import { incidentSettingsOf } from "./settings.js";

export const PAGE_MESSAGE_KEY = (i: Pick<Incident, "id">) => `incident-${i.id}`;
const SYSTEM = "golive";

export interface IncidentAlert {
  /** Where it came from: `declared`, `audit`, `alertmanager`, `sentry`, `webhook`, `backup`, `digest`. */
  source: string;
  /** What makes two alerts the same incident (a check id, an alert fingerprint, a Sentry issue id). */
  key: string;
  summary: string;
  severity: number;
  /** How many alerts this call stands for (a webhook may carry many). */
  count?: number;
}

async function timeline(tx: Queryable, launch: Launch, i: Pick<Incident, "id">, kind: string, actor: Actor, at: Date, after: Record<string, unknown> | null, note: string | null = null) {
  await eventsRepo.append(tx, { launchId: launch.id, itemKey: `incident:${i.id}`, kind: `incident.${kind}`, actor: actor.id, surface: actor.surface, at, before: null, after, note });
}

const JOB: Actor = { id: SYSTEM, surface: "job" };

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
  if (open) return { incident: await countRepeat(tx, launch, open, count, actor, at), created: false };
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
    return { incident: await countRepeat(tx, launch, winner, count, actor, at), created: false };
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

async function countRepeat(tx: Queryable, launch: Launch, open: Incident, count: number, actor: Actor, at: Date): Promise<Incident> {
  await incidentsRepo.countAlerts(tx, open.id, count, at);
  const incident = { ...open, alertCount: open.alertCount + count, lastAlertAt: at };
  await timeline(tx, launch, incident, "alert_repeated", actor, at, { count, total: incident.alertCount });
  await refreshPageMessage(tx, launch, incident, at);
  return incident;
}

/** `incident declare`: a person's incident (never deduplicated). */
export async function declareIncident(db: Database, launch: Launch, input: { summary: string; severity: number }, actor: Actor, at: Date) {
  return db.transaction((tx) => raiseIncident(tx, launch, { source: "declared", key: `declared-${randomUUID()}`, summary: input.summary, severity: input.severity }, actor, at));
}

/**
 * Walks the ladder from `from`: notify steps page now, a wait schedules the next rung as a
 * row with its due time and stops, repeat jumps back. A rung that reached nobody escalates
 * at once (its wait is skipped) and says so on the timeline.
 */
async function climb(tx: Queryable, launch: Launch, start: Incident, from: number, at: Date): Promise<Incident> {
  let incident = start;
  let index = from;
  let repeats = incident.repeatsDone;
  let reachedNobody = false;
  for (let guard = 0; index < incident.steps.length && guard < 200; guard++) {
    const step = incident.steps[index]!;
    if (step.kind === "wait") {
      if (reachedNobody) {
        await timeline(tx, launch, incident, "escalated", JOB, at, { reason: "nobody could be paged at the previous step", skipped: stepText(step), step: index + 2 });
        reachedNobody = false;
        index++;
        continue;
      }
      await incidentsRepo.schedule(tx, { incidentId: incident.id, launchId: launch.id, kind: "ladder", step: index + 1, dueAt: new Date(at.getTime() + step.ms) });
      incident = { ...incident, nextStep: index + 1, repeatsDone: repeats };
      await incidentsRepo.update(tx, incident.id, { nextStep: incident.nextStep, repeatsDone: repeats, paged: incident.paged });
      await refreshPageMessage(tx, launch, incident, at);
      return incident;
    }
    if (step.kind === "repeat") {
      if (repeats < step.times) {
        repeats++;
        index = step.from;
      } else index++;
      continue;
    }
    if (step.kind === "pagerduty") {
      const env = step.env ?? incidentSettingsOf(launch).pagerduty?.env ?? null;
      if (!env) {
        await timeline(tx, launch, incident, "page_failed", JOB, at, { step: index + 1, target: "PagerDuty", reason: "no routing key: set one with incident setup --pagerduty-env NAME" });
        reachedNobody = true;
      } else if (!incident.pagerdutyEnv) {
        await queuePagerDuty(tx, launch, incident, "trigger", env, at, SYSTEM);
        incident = { ...incident, pagerdutyEnv: env };
        await incidentsRepo.update(tx, incident.id, { pagerdutyEnv: env });
        reachedNobody = false;
      }
      index++;
      continue;
    }
    const reached = await notify(tx, launch, incident, step.target, index + 1, at);
    incident = { ...incident, paged: [...new Set([...incident.paged, ...reached.people])] };
    reachedNobody = !reached.any;
    index++;
  }
  incident = { ...incident, nextStep: incident.steps.length, repeatsDone: repeats };
  await incidentsRepo.update(tx, incident.id, { nextStep: incident.nextStep, repeatsDone: repeats, paged: incident.paged });
  await timeline(tx, launch, incident, "ladder_ended", JOB, at, { reason: "the last step of the policy was done and nobody acknowledged" });
  await refreshPageMessage(tx, launch, incident, at);
  return incident;
}

/** Pages one rung's target; says who was reached (a page queued on at least one surface). */
async function notify(tx: Queryable, launch: Launch, incident: Incident, target: NotifyTarget, step: number, at: Date): Promise<{ any: boolean; people: string[] }> {
  const failed = async (reason: string, who: string) => {
    await timeline(tx, launch, incident, "page_failed", JOB, at, { step, target: who, reason });
    return { any: false, people: [] as string[] };
  };
  switch (target.kind) {
    case "channel": {
      const targets = await postTargets(tx, launch.id, { includeShell: true });
      if (targets.length === 0) return failed("no channel is bound to the launch (run `launch use` in it)", "the launch channel");
      for (const t of targets) {
        const outboxId = await outboxRepo.enqueue(tx, { launchId: launch.id, ...t, kind: "post", payload: channelPage(launch, incident), at });
        await incidentsRepo.addPage(tx, { incidentId: incident.id, person: null, kind: "channel", surface: t.surface, outboxId, at });
        await timeline(tx, launch, incident, "paged", JOB, at, { step, target: "the launch channel", surface: t.surface, via: "channel", outboxId });
      }
      return { any: true, people: [] };
    }
    case "rotation": {
      const onCall = await whoIsOnCall(tx, launch, target.rotation, at);
      if (!onCall) return failed(`there is no rotation ${target.rotation} (create it with oncall set ${target.rotation} @a @b)`, `oncall:${target.rotation}`);
      if (!onCall.person) return failed(`nobody is on call in ${target.rotation} now`, `oncall:${target.rotation}`);
      return pagePerson(tx, launch, incident, onCall.person, `on call in ${target.rotation}`, step, at);
    }
    case "person":
      return pagePerson(tx, launch, incident, target.person, "named in the escalation policy", step, at);
    case "release-managers": {
      const managers = (await rolesRepo.list(tx, launch.id)).filter((g) => g.role === "release-manager").map((g) => g.principal);
      const results = [];
      for (const person of managers) results.push(await pagePerson(tx, launch, incident, person, "release manager", step, at));
      return { any: results.some((r) => r.any), people: results.flatMap((r) => r.people) };
    }
  }
}

async function pagePerson(tx: Queryable, launch: Launch, incident: Incident, person: string, why: string, step: number, at: Date) {
  const surfaces = await dmSurfaces(tx, launch.id, person);
  if (surfaces.length === 0) {
    await timeline(tx, launch, incident, "page_failed", JOB, at, {
      step,
      target: person,
      reason: `${personLabel(person)} has no surface golive can reach (not a Slack or Teams user of a channel bound to ${launch.name})`,
    });
    return { any: false, people: [] };
  }
  const paged = { ...incident, paged: [...new Set([...incident.paged, person])] };
  for (const surface of surfaces) {
    const outboxId = await outboxRepo.enqueue(tx, { launchId: launch.id, surface, conversation: person, kind: "dm", payload: pageDm(launch, paged, person, why), at });
    await incidentsRepo.addPage(tx, { incidentId: incident.id, person, kind: "dm", surface, outboxId, at });
    await timeline(tx, launch, incident, "paged", JOB, at, { step, target: person, surface, via: "dm", why, outboxId });
  }
  return { any: true, people: [person] };
}

/** The page message in every bound channel, posted once and then edited in place. */
async function refreshPageMessage(tx: Queryable, launch: Launch, incident: Incident, at: Date) {
  const targets = await postTargets(tx, launch.id, { includeShell: false });
  const payload = incidentCard(launch, incident);
  for (const t of targets) {
    await outboxRepo.enqueue(tx, { launchId: launch.id, ...t, kind: "update", updateKey: PAGE_MESSAGE_KEY(incident), payload, at });
  }
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

/**
 * Does the due escalation steps of a launch, each in its own transaction: the incident is
 * locked, then the step row claimed; a replica that lost the race finds it done and moves on.
 * A crash before commit leaves the step pending for the next tick. Returns how many ran.
 */
export async function runDueSteps(db: Database, launch: Launch, now: Date, replica: string): Promise<number> {
  let ran = 0;
  for (const dead of await incidentsRepo.deadUnsettledPages(db, launch.id)) await pageOutcome(db, launch, dead.outboxId, "undeliverable", dead.error, now);
  for (let guard = 0; guard < 500; guard++) {
    const step = await incidentsRepo.oldestDue(db, launch.id, now);
    if (!step) break;
    const did = await db.transaction(async (tx) => {
      const incident = await incidentsRepo.byId(tx, launch.id, step.incidentId, true);
      if (!(await incidentsRepo.claimStep(tx, step.id, replica, now)) || !incident) return false;
      if (step.kind === "reminder") {
        if (incident.status !== "acknowledged" || !incident.ackedBy) return true;
        await remind(tx, launch, incident, now);
        return true;
      }
      if (incident.status !== "triggered" || step.step !== incident.nextStep) return true;
      await climb(tx, launch, incident, step.step, now);
      return true;
    });
    if (did) ran++;
  }
  return ran;
}

async function remind(tx: Queryable, launch: Launch, incident: Incident, at: Date) {
  const person = incident.ackedBy!;
  for (const surface of await dmSurfaces(tx, launch.id, person)) {
    await outboxRepo.enqueue(tx, { launchId: launch.id, surface, conversation: person, kind: "dm", payload: reminderDm(launch, incident), at });
  }
  await timeline(tx, launch, incident, "reminded", JOB, at, { person, nextInMinutes: incident.remindMinutes });
  await incidentsRepo.schedule(tx, { incidentId: incident.id, launchId: launch.id, kind: "reminder", step: 0, dueAt: new Date(at.getTime() + incident.remindMinutes * 60_000) });
}

/**
 * What the outbox learned about a page: a page that cannot be delivered (DM refused, user
 * gone, no chat with golive) is said on the timeline and escalates at once, unless the same
 * person was reached on another surface.
 */
export async function pageOutcome(db: Database, launch: Launch, outboxId: number, outcome: "delivered" | "undeliverable", reason: string | null, at: Date) {
  await db.transaction(async (tx) => {
    const page = await incidentsRepo.settlePage(tx, outboxId, outcome);
    if (!page || outcome === "delivered") return;
    const incident = await incidentsRepo.byId(tx, launch.id, page.incidentId, true);
    if (!incident) return;
    const target = page.kind === "pagerduty" ? "PagerDuty" : page.person ?? "the launch channel";
    await timeline(tx, launch, incident, "page_failed", JOB, at, { target, surface: page.surface, reason: reason ?? "not delivered" });
    if (page.kind !== "dm" || incident.status !== "triggered") return;
    const pages = await incidentsRepo.pages(tx, incident.id);
    const reachedElsewhere = pages.some((p) => p.person === page.person && p.outboxId !== outboxId && p.kind === "dm" && p.delivery.status !== "dead");
    if (reachedElsewhere || incident.nextStep >= incident.steps.length) return;
    await incidentsRepo.cancelPending(tx, incident.id, ["ladder"], at);
    await timeline(tx, launch, incident, "escalated", JOB, at, { reason: `the page to ${personLabel(page.person ?? "?")} could not be delivered`, step: incident.nextStep + 1 });
    await climb(tx, launch, incident, incident.nextStep, at);
  });
}

/** The outbox gave up on a message: if it was a page, the incident hears of it now. */
export async function outboxMessageDead(db: Database, launchId: number | null, outboxId: number, reason: string, at: Date) {
  if (launchId === null) return;
  const launch = await launchesRepo.byId(db, launchId);
  if (launch) await pageOutcome(db, launch, outboxId, "undeliverable", reason, at);
}
