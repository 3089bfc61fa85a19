// What an incident looks like in chat: the page message in the launch channel (updated in
// place as the incident moves), the direct message to the person paged, and reminders.
import type { PersonMention, Reply, ReplyAction, ReplyBlock } from "../../render/reply.js";
import type { Incident } from "../../storage/incidents-repo.js";
import type { Launch } from "../launches/types.js";
import { localSeconds } from "./local-time.js";
import { peopleLabel, personLabel } from "./people.js";

const STATUS_ICON = { triggered: "🚨", acknowledged: "👀", resolved: "✅" } as const;

export const SOURCE_LABEL: Record<string, string> = {
  declared: "declared",
  audit: "audit",
  alertmanager: "Alertmanager",
  sentry: "Sentry",
  webhook: "webhook",
  backup: "backup",
  digest: "5xx rate in the logs",
};

export const incidentRef = (i: Pick<Incident, "id">) => `#${i.id}`;

function statusLine(launch: Launch, i: Incident): string {
  const tz = launch.timezone;
  if (i.status === "resolved") return `Resolved by ${personLabel(i.resolvedBy ?? "?")} at ${localSeconds(i.resolvedAt!, tz)}`;
  if (i.status === "acknowledged") return `Acknowledged by ${personLabel(i.ackedBy ?? "?")} at ${localSeconds(i.ackedAt!, tz)}`;
  return "Triggered: nobody has acknowledged yet";
}

function sourceLine(i: Incident): string {
  const source = i.source === "declared" ? `declared by ${personLabel(i.declaredBy)}` : SOURCE_LABEL[i.source] ?? i.source;
  return i.alertCount > 1 ? `${source} · seen ${i.alertCount.toLocaleString("en-US")} times` : source;
}

export function incidentActions(launch: Launch, i: Incident): ReplyAction[] {
  if (i.status === "resolved") return [];
  const cmd = (verb: string) => `incident ${verb} ${i.id} --launch ${launch.name}`;
  const actions: ReplyAction[] = [];
  if (i.status === "triggered") actions.push({ label: "Acknowledge", command: cmd("ack"), style: "primary" });
  actions.push({ label: "Resolve", command: cmd("resolve") });
  if (i.status === "triggered") actions.push({ label: "Escalate now", command: cmd("escalate"), style: "danger" });
  return actions;
}

/** The incident as a card: what, how bad, where it stands, who was paged, and its buttons. */
export function incidentCard(launch: Launch, i: Incident, lead?: string): Reply {
  const title = `${STATUS_ICON[i.status]} Incident ${incidentRef(i)} · SEV${i.severity} · ${i.summary}`;
  const blocks: ReplyBlock[] = [];
  if (lead) blocks.push({ kind: "text", text: lead });
  blocks.push(
    { kind: "heading", text: title },
    {
      kind: "fields",
      fields: [
        { label: "Status", value: statusLine(launch, i) },
        { label: "Launch", value: launch.name },
        { label: "Source", value: sourceLine(i) },
        { label: "Paged", value: peopleLabel(i.paged) },
        { label: "Declared", value: localSeconds(i.declaredAt, launch.timezone) },
      ],
    },
  );
  const actions = incidentActions(launch, i);
  if (actions.length > 0) blocks.push({ kind: "actions", actions });
  blocks.push({ kind: "text", text: `Timeline: incident show ${i.id} --launch ${launch.name}` });
  return { ok: true, visibility: "public", summary: `${title} — ${statusLine(launch, i)}`, blocks };
}

/** The direct message to the person paged. */
/** `mentions`: the person as the surfaces know them (their name shown, and mentioned where the surface can). */
export function pageDm(launch: Launch, i: Incident, person: string, why: string, mentions: PersonMention[] = []): Reply {
  const card = incidentCard(launch, i, `${personLabel(person, namesOf(mentions))}, you are being paged for ${launch.name} (${why}). Acknowledge to stop the escalation.`);
  return { ...card, mentions, summary: `Page: ${launch.name} incident ${incidentRef(i)} (SEV${i.severity}): ${i.summary}` };
}

/** The launch channel is called on: a post that notifies everyone there. */
export function channelPage(launch: Launch, i: Incident): Reply {
  const card = incidentCard(launch, i, `Nobody has acknowledged incident ${incidentRef(i)} on ${launch.name} yet: can someone here take it?`);
  return { ...card, mentionChannel: true, summary: `@here incident ${incidentRef(i)} on ${launch.name} needs someone: ${i.summary}` };
}

export function reminderDm(launch: Launch, i: Incident, mentions: PersonMention[] = []): Reply {
  const since = localSeconds(i.ackedAt!, launch.timezone);
  const card = incidentCard(launch, i, `${personLabel(i.ackedBy!, namesOf(mentions))}, you acknowledged incident ${incidentRef(i)} at ${since} and it is not resolved yet. Resolve it when it is over, or note where it stands.`);
  return { ...card, mentions };
}

const namesOf = (mentions: PersonMention[]) => new Map(mentions.map((m) => [m.id, m.name]));

/** One line per open incident, for the launch-day status message. */
export function openIncidentLine(i: Incident): string {
  const state = i.status === "acknowledged" ? `acknowledged by ${personLabel(i.ackedBy ?? "?")}` : "not acknowledged";
  return `${STATUS_ICON[i.status]} ${incidentRef(i)} SEV${i.severity} ${i.summary} — ${state}${i.alertCount > 1 ? ` (×${i.alertCount})` : ""}`;
}
