import { toReplyItem } from "../src/domain/launches/reply-parts.js";
import type { Item, Launch } from "../src/domain/launches/types.js";
import type { Names } from "../src/domain/incidents/people.js";
import type { ReplyAction, ReplyItem } from "../src/render/reply.js";

/**
 * The buttons of an item, fitting its state; each runs an ordinary command as the person who
 * presses it. The first is the likely next step (a button); surfaces put the rest in an
 * overflow menu. open: Check · blocked: Unblock · skipped: Unskip · done: Details.
 */
export function itemActions(item: Item, launch: Launch): ReplyAction[] {
  const on = `--launch ${launch.name}`;
  const check: ReplyAction = { label: "Check", command: `check ${item.ref} ${on}`, style: "primary" };
  const assign: ReplyAction = { label: "Assign", command: `assign ${item.ref} ${on}`, askReason: { title: "Assign to", placeholder: "@person", person: true } };
  const block: ReplyAction = { label: "Block", command: `block ${item.ref} ${on}`, askReason: { title: "Why is it blocked?" } };
  const skip: ReplyAction = { label: "Skip", command: `skip ${item.ref} ${on}`, askReason: { title: "Why does it not apply?" } };
  const details: ReplyAction = { label: "Details", command: `history ${item.ref} ${on}` };
  switch (item.state) {
    case "open":
      return [check, assign, block, skip, details];
    case "blocked":
      return [{ label: "Unblock", command: `unblock ${item.ref} ${on}`, style: "primary" }, { ...check, style: undefined }, assign, skip, details];
    case "skipped":
      return [{ label: "Unskip", command: `unskip ${item.ref} ${on}`, style: "primary" }, assign, details];
    case "done":
      return [details, { label: "Uncheck", command: `uncheck ${item.ref} ${on}` }, assign];
  }
}

export function replyItem(item: Item, launch: Launch, today: string, withActions = true, names?: Names): ReplyItem {
  const shown = toReplyItem(item, today, names);
  return withActions ? { ...shown, actions: itemActions(item, launch) } : shown;
}

/**
 * One scheme for section labels: `3. SSL/TLS`, `13. Pre-Launch (1 week before)`. The ref is what
 * `status 3` and `list 3` take; a number the checklist wrote into the title (`10. Pre-Launch
 * Checklist` as section 16) is dropped, so no label shows two numbers.
 */
export const sectionLabel = (s: { ref: string; title: string }) => `${s.ref}. ${s.title.replace(/^\s*\d+(\.\d+)*[.)]?\s+/, "")}`;
