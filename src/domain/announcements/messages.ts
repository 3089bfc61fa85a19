// What golive posts by itself, as neutral Replies (pure functions). Each notifier renders
// them for its platform at delivery time.
import { relativeLabel } from "../launches/calendar.js";
import { needsAttention, type Readiness } from "../launches/readiness.js";
import { ATTENTION_TITLE, itemList, progressLabel, verdictLine } from "../launches/reply-parts.js";
import type { Item, Launch } from "../launches/types.js";
import type { Reply, ReplyBlock } from "../../render/reply.js";
import { type Names, personLabel } from "../incidents/people.js";

const LIST_LIMIT = 10;

const post = (summary: string, blocks: ReplyBlock[]): Reply => ({ ok: true, visibility: "public", summary, blocks });

const progress = (r: Readiness) => progressLabel(r.done, r.total);

function counts(r: Readiness): ReplyBlock {
  return {
    kind: "fields",
    fields: [
      { label: "Done", value: progress(r) },
      { label: "Critical open", value: String(r.criticalOpen.length) },
      { label: "Blocked", value: String(r.blocked.length) },
      { label: "Overdue", value: String(r.overdue.length) },
    ],
  };
}

/** `Alice Ng 3 · @ops 1 · unassigned 4`: who owns the open items, by name. */
export function ownersLine(items: Item[], names?: Names): string {
  const open = items.filter((i) => i.state === "open" || i.state === "blocked");
  const byOwner = new Map<string, number>();
  for (const i of open) {
    const owner = i.owner ? personLabel(i.owner, names) : "unassigned";
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + 1);
  }
  return [...byOwner.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([o, n]) => `${o} ${n}`).join(" · ");
}

export function readinessPost(launch: Launch, r: Readiness, items: Item[], names?: Names): Reply {
  const when = relativeLabel(r.today, launch.launchDate);
  const owners = ownersLine(items, names);
  return post(`${launch.name} readiness (${when}): ${progress(r)} done · ${r.verdict.toUpperCase()}`, [
    { kind: "heading", text: `${launch.name} · readiness ${when} (launch ${launch.launchDate})` },
    { kind: "progress", label: "Overall", done: r.done, total: r.total },
    counts(r),
    { kind: "text", text: verdictLine(r) },
    ...itemList(ATTENTION_TITLE, needsAttention(r), r.today, LIST_LIMIT, `list --attention --launch ${launch.name}`, names),
    ...(owners ? [{ kind: "text" as const, text: `Open items by owner: ${owners}` }] : []),
  ]);
}

export function overdueDm(launch: Launch, owner: string, items: Item[], today: string): Reply {
  return post(`${items.length} overdue item(s) of yours on ${launch.name}`, [
    { kind: "text", text: `${owner}, ${items.length} item(s) you own on ${launch.name} are overdue:` },
    ...itemList(null, items, today, LIST_LIMIT, `list --overdue --launch ${launch.name}`),
  ]);
}

export function launchStatus(launch: Launch, r: Readiness, decision: string | null, openIncidents: string[] = [], names?: Names): Reply {
  const decided = decision ? ` · decision: ${decision.split(" ")[0]}` : "";
  return post(`${launch.name} launch day: ${progress(r)} done · readiness ${r.verdict.toUpperCase()}${decided}`, [
    { kind: "heading", text: `${launch.name} · launch day ${launch.launchDate}` },
    { kind: "progress", label: "Overall", done: r.done, total: r.total },
    counts(r),
    { kind: "text", text: verdictLine(r) },
    { kind: "text", text: decision ? `Decision: ${decision}` : "Decision: not yet (go / nogo)" },
    ...(openIncidents.length > 0 ? [{ kind: "text" as const, text: `Open incidents:\n${openIncidents.join("\n")}` }] : []),
    ...itemList("Blocked or critical:", needsAttention({ ...r, overdue: [] }), r.today, LIST_LIMIT, `list --attention --launch ${launch.name}`, names),
  ]);
}

export function launchDaySummary(launch: Launch, r: Readiness, localTime: string): Reply {
  return post(`${launch.name} at ${localTime}: ${progress(r)} done · ${r.verdict.toUpperCase()}`, [
    { kind: "heading", text: `${launch.name} · launch day summary, ${localTime}` },
    counts(r),
    { kind: "text", text: verdictLine(r) },
    ...itemList("Still open on launch day:", needsAttention({ ...r, overdue: [] }), r.today, LIST_LIMIT, `list --attention --launch ${launch.name}`),
  ]);
}

export function hypercarePost(launch: Launch, open: Item[], today: string, day: number, days: number): Reply {
  const summary = open.length === 0
    ? `${launch.name} hypercare day ${day}/${days}: every post-launch item is done.`
    : `${launch.name} hypercare day ${day}/${days}: ${open.length} post-launch item(s) open`;
  return post(summary, [
    { kind: "heading", text: `${launch.name} · hypercare day ${day} of ${days}` },
    { kind: "text", text: summary },
    ...itemList("Post-launch items still open:", open, today, LIST_LIMIT, "list --open"),
  ]);
}

export function closingSummary(launch: Launch, r: Readiness, items: Item[]): Reply {
  const waived = items.filter((i) => i.state === "skipped");
  const open = items.filter((i) => i.state === "open" || i.state === "blocked");
  return post(`${launch.name} is closed: ${r.done} done, ${waived.length} waived, ${open.length} left open`, [
    { kind: "heading", text: `${launch.name} · closing summary` },
    {
      kind: "fields",
      fields: [
        { label: "Done", value: `${progress(r)} (verified ${r.verified}, attested ${r.attested})` },
        { label: "Waived / not applicable", value: String(waived.length) },
        { label: "Left open", value: String(open.length) },
      ],
    },
    ...itemList("Waived:", waived, r.today, LIST_LIMIT, "list --skipped"),
    ...itemList("Left open:", open, r.today, LIST_LIMIT, "list --open"),
    { kind: "text", text: "golive posts nothing more for this launch. Archive it with `launch archive`." },
  ]);
}

export function waiverEndedDm(launch: Launch, item: Item): Reply {
  const text = `The waiver on ${item.ref} (${item.text}) of ${launch.name} ended; the item is open again.`;
  return post(text, [{ kind: "text", text }]);
}

export function itemAnnouncement(launch: Launch, actor: string, message: string, item: Item): Reply {
  const text = `${actor}: ${message} ${item.text}`;
  return post(`${launch.name}: ${text}`, [{ kind: "text", text }]);
}

export function decisionAnnouncement(launch: Launch, actor: string, decision: string): Reply {
  const text = `${launch.name}: ${decision} (decided by ${actor})`;
  return post(text, [{ kind: "text", text }]);
}
