import { GoliveError } from "../../errors.js";
import type { Item } from "./types.js";

export const REF = /^\d+(?:\.\d+)*$/;

const words = (text: string) =>
  text
    .normalize("NFKC")
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

/**
 * Finds one item by display ref (`4.2`, `4.2.1`) or by words (`debug false`). Words match
 * whole words first, then word prefixes; several matches is an error listing them.
 */
export function findItem(items: Item[], selector: string): Item {
  const wanted = selector.trim();
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
  const matches = exact.length > 0 ? exact : indexed.filter((e) => query.every((q) => e.words.some((w) => w.startsWith(q))));
  if (matches.length === 1) return matches[0]!.item;
  if (matches.length === 0) {
    throw new GoliveError("not_found", `No item matches "${wanted}".`, "Try fewer or other words, or use the ref shown by `list`.");
  }
  const shown = matches.slice(0, 10).map((m) => `${m.item.ref}  ${m.item.text}`);
  if (matches.length > shown.length) shown.push(`… ${matches.length - shown.length} more`);
  throw new GoliveError("ambiguous", `"${wanted}" matches ${matches.length} items; nothing was changed.`, "Use the ref of the one you mean.", shown);
}
