// History in words: an event as a person would say it ("Rita checked 1.1.1 — installed PG 15"),
// not as it is stored (`item.check  state: open → done, doneKind: – → attested`). Pure.
import { type Names, personLabel } from "../incidents/people.js";
import type { LaunchEvent } from "./types.js";

const str = (v: unknown) => (v === null || v === undefined ? null : typeof v === "object" ? JSON.stringify(v) : String(v));

/** What an item event did, in words; the reason or note follows separately (never twice). */
function itemWords(e: LaunchEvent, ref: string, names?: Names): string {
  const after = e.after ?? {};
  const before = e.before ?? {};
  switch (e.kind) {
    case "item.check":
      return `checked ${ref}`;
    case "item.verify":
      return `verified ${ref} (an audit proved it)`;
    case "item.uncheck":
      return `re-opened ${ref}`;
    case "item.reopen":
      return `re-opened ${ref}`;
    case "item.block":
      return `blocked ${ref}`;
    case "item.unblock":
      return `unblocked ${ref}`;
    case "item.skip":
      return after.waiverUntil ? `waived ${ref} until ${str(after.waiverUntil)}` : `skipped ${ref} (not applicable)`;
    case "item.unskip":
      return `took back the skip of ${ref}`;
    case "item.assign":
      return after.owner ? `assigned ${ref} to ${personLabel(String(after.owner), names)}` : `unassigned ${ref}`;
    case "item.due":
      return after.due ? `set ${ref} due ${str(after.due)}${before.due ? ` (was ${str(before.due)})` : ""}` : `removed the due date of ${ref}`;
    case "item.note":
      return `added a note to ${ref}`;
    case "item.added":
      return `added ${ref} (checklist sync)`;
    case "item.reshaped":
      return `updated ${ref} from the edited checklist`;
    case "item.restored":
      return `restored ${ref} (back in the checklist)`;
    case "item.archived":
      return `removed ${ref} (no longer in the checklist)`;
    default:
      return `${e.kind.replace(/^item\./, "").replace(/[._]/g, " ")} ${ref}`;
  }
}

const LAUNCH_WORDS: Record<string, (e: LaunchEvent, names?: Names) => string> = {
  "launch.created": (e) => `created the launch${e.after?.launchDate ? ` for ${str(e.after.launchDate)}` : ""}${e.after?.items ? ` (${str(e.after.items)} items)` : ""}`,
  "launch.bound": () => "bound the launch to a conversation",
  "launch.started": () => "started launch day",
  "launch.closed": () => "closed the launch",
  "launch.archived": () => "archived the launch",
  "decision.go": (e) => (e.note ? "decided GO, overriding readiness" : "decided GO"),
  "decision.nogo": () => "decided NO-GO",
  "launch.synced": () => "re-applied the checklist",
  "role.granted": (e, names) => `made ${e.after?.principal ? personLabel(String(e.after.principal), names) : "someone"} ${str(e.after?.role) ?? "a member"}`,
};

/** Fields a generic event changed, as `field a → b` in plain words (internal ids left out). */
function changes(e: LaunchEvent): string {
  const hidden = new Set(["evidence", "readiness", "items", "sections"]);
  const before = e.before ?? {};
  const after = e.after ?? {};
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((k) => !hidden.has(k));
  const words = (k: string) => k.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/_/g, " ").toLowerCase();
  return keys
    .map((k) => (e.before === null ? `${words(k)} ${str(after[k]) ?? "none"}` : `${words(k)} ${str(before[k]) ?? "none"} → ${str(after[k]) ?? "none"}`))
    .join(", ");
}

/**
 * One history line's words after the time: `Rita checked 1.1.1 — installed PG 15`.
 * `ref` is the item's ref when the event is about an item (else null).
 */
export function eventInWords(e: LaunchEvent, ref: string | null, names?: Names): string {
  const who = personLabel(e.actor, names);
  let what: string;
  if (e.kind.startsWith("item.") && ref) what = itemWords(e, ref, names);
  else if (LAUNCH_WORDS[e.kind]) what = LAUNCH_WORDS[e.kind]!(e, names);
  else {
    const detail = changes(e);
    what = `${e.kind.replace(/[._]/g, " ")}${ref ? ` ${ref}` : ""}${detail ? ` (${detail})` : ""}`;
  }
  return `${who} ${what}${e.note ? ` — ${e.note}` : ""}`;
}
