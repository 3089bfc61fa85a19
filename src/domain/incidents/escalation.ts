// The escalation clock's work: due steps (next rungs, reminders) and pages the outbox could
// not deliver, which escalate at once.
import type { Database, Queryable } from "../../storage/database.js";
import { type Incident, incidentsRepo } from "../../storage/incidents-repo.js";
import { launchesRepo } from "../../storage/launches-repo.js";
import { outboxRepo } from "../../storage/outbox-repo.js";
import { dmSurfaces } from "../announcements/launch-state.js";
import type { Launch } from "../launches/types.js";
import { climb, JOB, timeline } from "./ladder.js";
import { reminderDm } from "./messages.js";
import { personLabel } from "./people.js";
import { peopleRepo } from "../../storage/people-repo.js";


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
  const mentions = await peopleRepo.mentions(tx, [person]);
  for (const surface of await dmSurfaces(tx, launch.id, person)) {
    await outboxRepo.enqueue(tx, { launchId: launch.id, surface, conversation: person, kind: "dm", payload: reminderDm(launch, incident, mentions), at });
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
