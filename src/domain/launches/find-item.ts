import { GoliveError } from "../../errors.js";
import type { Item } from "./types.js";

export const REF = /^\d+(?:\.\d+)*$/;
/** Digits with dots or other separators and no letters: meant as a ref, even when mistyped (`1..2`, `1.2.`, `1,2`). */
export const LOOKS_LIKE_REF = /^[\d.,:;\-_/\s]*\d[\d.,:;\-_/\s]*$/u;

/** Edit distance, for offering the refs closest to a mistyped one. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

/** Up to three item refs closest to `typed` (its digit groups joined by dots first). */
export function closestRefs(items: Item[], typed: string): string[] {
  const cleaned = (typed.match(/\d+/g) ?? []).join(".");
  return items
    .map((i) => ({ ref: i.ref, d: i.ref === cleaned ? -1 : Math.min(distance(i.ref, typed.trim()), distance(i.ref, cleaned)) }))
    .filter((c) => c.d <= 2)
    .sort((a, b) => a.d - b.d || a.ref.localeCompare(b.ref, "en", { numeric: true }))
    .slice(0, 3)
    .map((c) => c.ref);
}

const words = (text: string) =>
  text
    .normalize("NFKC")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

/**
 * Finds one item by display ref (`4.2`, `4.2.1`) or by words (`debug false`). Words match
 * whole words first, then word prefixes; several matches is an error listing them. Anything
 * made of digits and separators is a ref: a mistyped one is refused, never matched as words.
 */
export function findItem(items: Item[], selector: string): Item {
  const wanted = selector.trim();
  if (!REF.test(wanted) && LOOKS_LIKE_REF.test(wanted)) {
    const near = closestRefs(items, wanted);
    throw new GoliveError(
      "usage",
      `"${wanted}" is not a valid ref; nothing was changed.`,
      near.length > 0 ? `Did you mean ${near.join(", ")}? A ref is numbers joined by single dots, e.g. 4.2.1.` : "A ref is numbers joined by single dots, e.g. 4.2.1; see `list` for the refs.",
    );
  }
  if (REF.test(wanted)) {
    const item = items.find((i) => i.ref === wanted);
    if (item) return item;
    const inSection = items.filter((i) => i.sectionRef === wanted);
    if (inSection.length > 0) {
      throw new GoliveError("usage", `${wanted} is a section, not an item.`, `Name one of its items, e.g. ${inSection[0]!.ref}. See \`list ${wanted}\`.`);
    }
    throw new GoliveError("not_found", `There is no item ${wanted}.`, "See `list` for the refs, or name the item by words: check debug false");
  }
  const query = words(wanted);
  if (query.length === 0) throw new GoliveError("usage", "Name an item by its ref (4.2) or by words from its text.");
  const indexed = items.map((item) => ({ item, words: words(item.text) }));
  const exact = indexed.filter((e) => query.every((q) => e.words.includes(q)));
  const matches = exact.length > 0 ? exact : indexed.filter((e) => query.every((q) => e.words.some((w) => (/^\d+$/.test(q) ? w === q : w.startsWith(q)))));
  if (matches.length === 1) return matches[0]!.item;
  if (matches.length === 0) {
    throw new GoliveError("not_found", `No item matches "${wanted}".`, "Try fewer or other words, or use the ref shown by `list`.");
  }
  const shown = matches.slice(0, 10).map((m) => `${m.item.ref}  ${m.item.text}`);
  if (matches.length > shown.length) shown.push(`… ${matches.length - shown.length} more`);
  throw new GoliveError("ambiguous", `"${wanted}" matches ${matches.length} items; nothing was changed.`, "Use the ref of the one you mean.", shown);
}
