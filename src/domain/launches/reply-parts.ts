// How launch state reads in a Reply, shared by command answers and golive's own posts.
import type { ReplyBlock, ReplyItem } from "../../render/reply.js";
import { isOverdue, percent, type Readiness } from "./readiness.js";
import type { Item } from "./types.js";

export function toReplyItem(item: Item, today: string): ReplyItem {
  return {
    ref: item.ref,
    text: item.text,
    state: item.state,
    doneKind: item.doneKind ?? undefined,
    critical: item.critical,
    owner: item.owner,
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
export function itemList(title: string | null, items: Item[], today: string, limit: number, hint: string): ReplyBlock[] {
  if (items.length === 0) return [];
  const shown = items.slice(0, limit).map((i) => toReplyItem(i, today));
  const list: ReplyBlock = items.length > limit ? { kind: "items", items: shown, more: { count: items.length - limit, hint } } : { kind: "items", items: shown };
  return title ? [{ kind: "text", text: title }, list] : [list];
}
