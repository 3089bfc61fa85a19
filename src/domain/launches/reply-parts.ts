// How launch state reads in a Reply, shared by command answers and golive's own posts.
import type { ReplyBlock, ReplyItem } from "../../render/reply.js";
import { isOverdue, percent, type Readiness } from "./readiness.js";
import type { Item, LaunchEvent } from "./types.js";
import { localSeconds } from "../incidents/local-time.js";
import { type Names, personLabel } from "../incidents/people.js";

export function toReplyItem(item: Item, today: string, names?: Names): ReplyItem {
  return {
    ref: item.ref,
    text: item.text,
    state: item.state,
    doneKind: item.doneKind ?? undefined,
    critical: item.critical,
    owner: item.owner ? personLabel(item.owner, names) : null,
    ownerId: item.owner ? item.owner.replace(/^@/, "") : null,
    due: item.due,
    overdue: isOverdue(item, today),
    reason: item.state === "skipped" && item.waiverUntil ? `${item.reason} (waived until ${item.waiverUntil})` : item.reason,
  };
}

/** Title of the one list of blocked, critical and overdue items (each shows its own markers). */
export const ATTENTION_TITLE = "Blocked, critical or overdue:";

export const progressLabel = (done: number, total: number) => `${done}/${total} (${percent(done, total)}%)`;

export const verdictLine = (r: Readiness) => (r.verdict === "go" ? "GO: no critical item open, nothing blocked." : `NO-GO: ${r.reasons.join("; ")}.`);

/** A titled list of the first `limit` items, saying how many more there are; nothing when there are none. */
export function itemList(title: string | null, items: Item[], today: string, limit: number, hint: string, names?: Names): ReplyBlock[] {
  if (items.length === 0) return [];
  const shown = items.slice(0, limit).map((i) => toReplyItem(i, today, names));
  const list: ReplyBlock = items.length > limit ? { kind: "items", items: shown, more: { count: items.length - limit, hint } } : { kind: "items", items: shown };
  return title ? [{ kind: "text", text: title }, list] : [list];
}

/**
 * The last go / no-go decision in words, the same in `status`, `launch show` and the
 * launch-day message: `GO by Rita, 2026-12-01 09:12, override: CISO accepted the risk`.
 * The time is the launch's local time.
 */
export function decisionLine(event: LaunchEvent | undefined, timezone: string, names?: Names): string | null {
  if (!event || (event.kind !== "decision.go" && event.kind !== "decision.nogo")) return null;
  const when = localSeconds(event.at, timezone).slice(0, 16);
  const head = `${event.kind === "decision.go" ? "GO" : "NO-GO"} by ${personLabel(event.actor, names)}, ${when}`;
  if (!event.note) return head;
  return event.kind === "decision.go" ? `${head}, override: ${event.note}` : `${head}: ${event.note}`;
}

