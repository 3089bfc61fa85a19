import { isOverdue, percent, type Readiness } from "../src/domain/launches/readiness.js";
import type { Item, Launch } from "../src/domain/launches/types.js";
import type { ReplyAction, ReplyBlock, ReplyItem } from "../src/render/reply.js";

/** The buttons of an item; each runs an ordinary command as the person who presses it. */
export function itemActions(item: Item, launch: Launch): ReplyAction[] {
  const on = `--launch ${launch.name}`;
  const actions: ReplyAction[] = [];
  if (item.state === "done") actions.push({ label: "Uncheck", command: `uncheck ${item.ref} ${on}` });
  else actions.push({ label: "Check", command: `check ${item.ref} ${on}`, style: "primary" });
  actions.push({ label: "Assign", command: `assign ${item.ref} ${on}`, askReason: { title: "Assign to", placeholder: "@person" } });
  if (item.state !== "done" && item.state !== "blocked") {
    actions.push({ label: "Block", command: `block ${item.ref} ${on}`, askReason: { title: "Why is it blocked?" } });
  }
  if (item.state !== "skipped") {
    actions.push({ label: "Skip", command: `skip ${item.ref} ${on}`, askReason: { title: "Why does it not apply?" } });
  }
  actions.push({ label: "Details", command: `history ${item.ref} ${on}` });
  return actions;
}

export function replyItem(item: Item, launch: Launch, today: string, withActions = true): ReplyItem {
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
    actions: withActions ? itemActions(item, launch) : undefined,
  };
}

export function verdictLine(r: Readiness): string {
  return r.verdict === "go" ? "GO: no critical item open, nothing blocked." : `NO-GO: ${r.reasons.join("; ")}.`;
}

export function progressLabel(done: number, total: number) {
  return `${done}/${total} (${percent(done, total)}%)`;
}

/** Lists the first `limit` items and says how many more there are. */
export function itemsBlock(items: Item[], launch: Launch, today: string, limit: number, hint: string): ReplyBlock {
  const shown = items.slice(0, limit).map((i) => replyItem(i, launch, today, false));
  return items.length > limit ? { kind: "items", items: shown, more: { count: items.length - limit, hint } } : { kind: "items", items: shown };
}

/** `3 SSL/TLS` — without repeating a number the title already starts with (`1. Database Setup`). */
export const sectionLabel = (s: { ref: string; title: string }) => (s.title.startsWith(`${s.ref}.`) ? s.title : `${s.ref} ${s.title}`);
