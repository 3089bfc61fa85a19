import { toReplyItem } from "../src/domain/launches/reply-parts.js";
import type { Item, Launch } from "../src/domain/launches/types.js";
import type { ReplyAction, ReplyItem } from "../src/render/reply.js";

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
  return withActions ? { ...toReplyItem(item, today), actions: itemActions(item, launch) } : toReplyItem(item, today);
}

/** `3 SSL/TLS` — without repeating a number the title already starts with (`1. Database Setup`). */
export const sectionLabel = (s: { ref: string; title: string }) => (s.title.startsWith(`${s.ref}.`) ? s.title : `${s.ref} ${s.title}`);
