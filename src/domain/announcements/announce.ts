// Outbox writes that ride in the transaction of a change: item announcements, go/no-go,
// the in-place launch status message, and the owner's note when a waiver ends.
import { dateIn } from "../launches/calendar.js";
import type { Actor, Item, Launch } from "../launches/types.js";
import type { Reply } from "../../render/reply.js";
import type { Queryable } from "../../storage/database.js";
import { eventsRepo } from "../../storage/events-repo.js";
import { incidentsRepo } from "../../storage/incidents-repo.js";
import { openIncidentLine } from "../incidents/messages.js";
import { launchesRepo } from "../../storage/launches-repo.js";
import { outboxRepo } from "../../storage/outbox-repo.js";
import { decisionLine } from "../launches/reply-parts.js";
import { peopleRepo } from "../../storage/people-repo.js";
import { dmSurfaces, launchState, ownerId, postTargets } from "./launch-state.js";
import { decisionAnnouncement, itemAnnouncement, launchStatus, waiverEndedDm } from "./messages.js";

export const LAUNCH_STATUS_KEY = "launch-status";

/** `notify`: people the change concerns (a new owner), mentioned in the post where the surface can. */
export async function announceItemChange(tx: Queryable, launchId: number, item: Item, message: string, actor: Actor, at: Date, notify: string[] = []) {
  const targets = await postTargets(tx, launchId, { includeShell: false });
  if (targets.length === 0) return;
  const launch = (await launchesRepo.byId(tx, launchId))!;
  const mentions = await peopleRepo.mentions(tx, notify);
  const payload = { ...itemAnnouncement(launch, actor.name ?? actor.id, message, item), ...(mentions.length > 0 ? { mentions } : {}) };
  for (const t of targets) await outboxRepo.enqueue(tx, { launchId, ...t, kind: "post", payload, at });
  await refreshLaunchStatus(tx, launch, at);
}

export async function announceDecision(tx: Queryable, launch: Launch, decision: string, actor: Actor, at: Date) {
  const targets = await postTargets(tx, launch.id, { includeShell: false });
  const payload = decisionAnnouncement(launch, actor.name ?? actor.id, decision);
  for (const t of targets) await outboxRepo.enqueue(tx, { launchId: launch.id, ...t, kind: "post", payload, at });
  await refreshLaunchStatus(tx, launch, at);
}

/**
 * Direct-messages an owner on each surface the launch is bound on where they are a user;
 * returns how many messages were queued.
 */
export async function dmOwner(tx: Queryable, launch: Launch, owner: string, payload: Reply, at: Date): Promise<number> {
  const id = ownerId(owner);
  const surfaces = await dmSurfaces(tx, launch.id, id);
  for (const surface of surfaces) await outboxRepo.enqueue(tx, { launchId: launch.id, surface, conversation: id, kind: "dm", payload, at });
  return surfaces.length;
}

/** Tells the owner that a waiver ended. */
export async function announceWaiverEnded(tx: Queryable, launch: Launch, item: Item, at: Date) {
  if (item.owner) await dmOwner(tx, launch, item.owner, waiverEndedDm(launch, item), at);
}

/** The launch status message as it is now, for `launch start` (post) and every change (update). */
export async function launchStatusMessage(tx: Queryable, launch: Launch, at: Date) {
  const { readiness, names } = await launchState(tx, launch, at);
  const { events } = await eventsRepo.list(tx, launch.id, { kindPrefix: "decision.", limit: 1 });
  const last = events[0];
  const decision = decisionLine(last, launch.timezone, last ? new Map([...names, ...(await peopleRepo.names(tx, [last.actor]))]) : names);
  const incidents = (await incidentsRepo.list(tx, launch.id, { open: true, limit: 10 })).map(openIncidentLine);
  return launchStatus(launch, readiness, decision, incidents, names);
}

/** On launch day, once started, the status message follows every change (one queued update per channel). */
export async function refreshLaunchStatus(tx: Queryable, launch: Launch, at: Date) {
  if (startedOn(launch) !== launch.launchDate || dateIn(launch.timezone, at) !== launch.launchDate) return;
  const targets = await postTargets(tx, launch.id, { includeShell: false });
  if (targets.length === 0) return;
  const payload = await launchStatusMessage(tx, launch, at);
  for (const t of targets) {
    await outboxRepo.enqueue(tx, { launchId: launch.id, ...t, kind: "update", updateKey: LAUNCH_STATUS_KEY, payload, at });
  }
}

/** The local date `launch start` ran (kept in launches.settings, validated in full by src/jobs/launch-settings.ts). */
export function startedOn(launch: Launch): string | undefined {
  const launchDay = (launch.settings as { launchDay?: { startedOn?: unknown } }).launchDay;
  return typeof launchDay?.startedOn === "string" ? launchDay.startedOn : undefined;
}
