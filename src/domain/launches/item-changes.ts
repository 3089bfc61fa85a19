import { GoliveError } from "../../errors.js";
import { announceItemChange } from "../announcements/announce.js";
import type { Database, Queryable } from "../../storage/database.js";
import { eventsRepo } from "../../storage/events-repo.js";
import { itemsRepo } from "../../storage/items-repo.js";
import type { Actor, Item, ItemStatePart } from "./types.js";

export type ItemChange =
  | { kind: "check"; note?: string }
  | { kind: "uncheck"; note?: string }
  | { kind: "block"; reason: string }
  | { kind: "unblock"; note?: string }
  | { kind: "unskip"; note?: string }
  | { kind: "skip"; reason: string; until?: string }
  /** `label`: how the owner is shown in the answer (their name); the id is what is stored. */
  | { kind: "assign"; owner: string | null; label?: string }
  | { kind: "due"; due: string | null }
  | { kind: "note"; note: string }
  | { kind: "verify"; note: string; evidence: Record<string, unknown> }
  | { kind: "reopen"; reason: string };

export interface ChangeOutcome {
  item: Item;
  /** false when the item already was in the asked-for state: nothing written. */
  changed: boolean;
  message: string;
}

const stateOf = (i: Item): ItemStatePart => ({
  state: i.state,
  doneKind: i.doneKind,
  reason: i.reason,
  waiverUntil: i.waiverUntil,
  owner: i.owner,
  due: i.due,
});

type Decision = { after: ItemStatePart; message: string; note?: string } | { unchanged: string };

function decide(item: Item, change: ItemChange): Decision {
  const s = stateOf(item);
  const cleared = { reason: null, waiverUntil: null };
  switch (change.kind) {
    case "check":
      if (item.state === "done") return { unchanged: `${item.ref} is already done.` };
      return { after: { ...s, ...cleared, state: "done", doneKind: "attested" }, message: `${item.ref} checked.`, note: change.note };
    case "verify":
      if (item.state === "done" && item.doneKind === "verified") return { unchanged: `${item.ref} is already verified.` };
      return { after: { ...s, ...cleared, state: "done", doneKind: "verified" }, message: `${item.ref} verified.`, note: change.note };
    case "uncheck":
      if (item.state !== "done") return { unchanged: `${item.ref} is not done (it is ${item.state}).` };
      return { after: { ...s, state: "open", doneKind: null }, message: `${item.ref} re-opened.`, note: change.note };
    case "reopen":
      if (item.state === "open") return { unchanged: `${item.ref} is already open.` };
      return { after: { ...s, ...cleared, state: "open", doneKind: null }, message: `${item.ref} re-opened.`, note: change.reason };
    case "block":
      if (item.state === "done")
        throw new GoliveError("conflict", `${item.ref} is done, so it cannot be blocked.`, `Uncheck it first: uncheck ${item.ref}`);
      if (item.state === "blocked" && item.reason === change.reason) return { unchanged: `${item.ref} is already blocked for that reason.` };
      return { after: { ...s, state: "blocked", doneKind: null, reason: change.reason, waiverUntil: null }, message: `${item.ref} blocked.` };
    case "unblock":
      if (item.state !== "blocked") return { unchanged: `${item.ref} is not blocked.` };
      return { after: { ...s, ...cleared, state: "open" }, message: `${item.ref} unblocked.`, note: change.note };
    case "unskip":
      if (item.state !== "skipped") return { unchanged: `${item.ref} is not skipped.` };
      return { after: { ...s, ...cleared, state: "open" }, message: `${item.ref} is open again.`, note: change.note };
    case "skip": {
      const until = change.until ?? null;
      if (item.state === "skipped" && item.reason === change.reason && item.waiverUntil === until)
        return { unchanged: `${item.ref} is already skipped for that reason.` };
      const message = until ? `${item.ref} skipped until ${until}.` : `${item.ref} skipped.`;
      return { after: { ...s, state: "skipped", doneKind: null, reason: change.reason, waiverUntil: until }, message };
    }
    case "assign":
      if (item.owner === change.owner) return { unchanged: `${item.ref} is already ${change.owner ? `assigned to ${change.label ?? change.owner}` : "unassigned"}.` };
      return { after: { ...s, owner: change.owner }, message: change.owner ? `${item.ref} assigned to ${change.label ?? change.owner}.` : `${item.ref} unassigned.` };
    case "due":
      if (item.due === change.due) return { unchanged: `${item.ref} is already due ${change.due ?? "never"}.` };
      return { after: { ...s, due: change.due }, message: change.due ? `${item.ref} due ${change.due}.` : `${item.ref} has no due date now.` };
    case "note":
      return { after: s, message: `Note added to ${item.ref}.`, note: change.note };
  }
}

/**
 * Applies one change to one item: the row is locked, the rule decided on the locked state,
 * and the update and its event written in one transaction — so concurrent changes of one
 * item give one transition each and a consistent history.
 */
export async function changeItem(
  db: Database,
  launchId: number,
  key: string,
  change: ItemChange,
  actor: Actor,
  at: Date,
  /** More writes that belong to the change (e.g. notifying the owner), in its transaction. */
  afterChange?: (tx: Queryable, item: Item) => Promise<void>,
): Promise<ChangeOutcome> {
  return db.transaction(async (tx) => {
    const item = await itemsRepo.lock(tx, launchId, key);
    if (!item) throw new GoliveError("not_found", "That item no longer exists.", "Run `list` to see the current refs.");
    const d = decide(item, change);
    if ("unchanged" in d) return { item, changed: false, message: d.unchanged };
    const before = stateOf(item);
    if (change.kind !== "note") await itemsRepo.setState(tx, launchId, key, d.after, at);
    const evidence = change.kind === "verify" ? { evidence: change.evidence } : {};
    await eventsRepo.append(tx, {
      launchId,
      itemKey: key,
      kind: `item.${change.kind}`,
      actor: actor.id,
      surface: actor.surface,
      at,
      before: change.kind === "note" ? null : diffFrom(before, d.after),
      after: change.kind === "note" ? null : { ...diffTo(before, d.after), ...evidence },
      note: d.note ?? (change.kind === "block" || change.kind === "skip" ? change.reason : null),
    });
    const changed: Item = { ...item, ...d.after, updatedAt: at };
    // Announcements go through the outbox in this transaction: no change without its post, no post without its change.
    await announceItemChange(tx, launchId, changed, d.message, actor, at, change.kind === "assign" && change.owner ? [change.owner] : []);
    if (afterChange) await afterChange(tx, changed);
    return { item: changed, changed: true, message: d.message };
  });
}

/** Only the fields that changed, so history reads as "state: open → done". */
function diffFrom(before: ItemStatePart, after: ItemStatePart): Record<string, unknown> {
  return Object.fromEntries(Object.entries(before).filter(([k, v]) => after[k as keyof ItemStatePart] !== v));
}
function diffTo(before: ItemStatePart, after: ItemStatePart): Record<string, unknown> {
  return Object.fromEntries(Object.entries(after).filter(([k, v]) => before[k as keyof ItemStatePart] !== v));
}
