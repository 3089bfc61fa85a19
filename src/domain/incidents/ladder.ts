// The escalation ladder: walking a policy's steps from a rung, paging people and the
// channel, and keeping the page message in the launch channel up to date. Everything is
// written in the caller's transaction: the timeline (events) and what to say (outbox).
import type { Queryable } from "../../storage/database.js";
import { eventsRepo } from "../../storage/events-repo.js";
import { type Incident, incidentsRepo } from "../../storage/incidents-repo.js";
import { outboxRepo } from "../../storage/outbox-repo.js";
import { rolesRepo } from "../../storage/roles-repo.js";
import { dmSurfaces, postTargets } from "../announcements/launch-state.js";
import type { Actor, Launch } from "../launches/types.js";
import { channelPage, incidentCard, pageDm } from "./messages.js";
import { whoIsOnCall } from "./oncall.js";
import { queuePagerDuty } from "./pagerduty.js";
import { personLabel } from "./people.js";
import { peopleRepo } from "../../storage/people-repo.js";
import { type NotifyTarget, stepText } from "./policy.js";
import { incidentSettingsOf } from "./settings.js";

export const PAGE_MESSAGE_KEY = (i: Pick<Incident, "id">) => `incident-${i.id}`;
export const SYSTEM = "golive";

export async function timeline(tx: Queryable, launch: Launch, i: Pick<Incident, "id">, kind: string, actor: Actor, at: Date, after: Record<string, unknown> | null, note: string | null = null) {
  await eventsRepo.append(tx, { launchId: launch.id, itemKey: `incident:${i.id}`, kind: `incident.${kind}`, actor: actor.id, surface: actor.surface, at, before: null, after, note });
}

export const JOB: Actor = { id: SYSTEM, surface: "job" };

/**
 * Walks the ladder from `from`: notify steps page now, a wait schedules the next rung as a
 * row with its due time and stops, repeat jumps back. A rung that reached nobody escalates
 * at once (its wait is skipped) and says so on the timeline.
 */
export async function climb(tx: Queryable, launch: Launch, start: Incident, from: number, at: Date): Promise<Incident> {
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
  const mentions = await peopleRepo.mentions(tx, [person]);
  for (const surface of surfaces) {
    const outboxId = await outboxRepo.enqueue(tx, { launchId: launch.id, surface, conversation: person, kind: "dm", payload: pageDm(launch, paged, person, why, mentions), at });
    await incidentsRepo.addPage(tx, { incidentId: incident.id, person, kind: "dm", surface, outboxId, at });
    await timeline(tx, launch, incident, "paged", JOB, at, { step, target: person, surface, via: "dm", why, outboxId });
  }
  return { any: true, people: [person] };
}

/** The page message in every bound channel, posted once and then edited in place. */
export async function refreshPageMessage(tx: Queryable, launch: Launch, incident: Incident, at: Date) {
  const targets = await postTargets(tx, launch.id, { includeShell: false });
  const payload = incidentCard(launch, incident);
  for (const t of targets) {
    await outboxRepo.enqueue(tx, { launchId: launch.id, ...t, kind: "update", updateKey: PAGE_MESSAGE_KEY(incident), payload, at });
  }
}
