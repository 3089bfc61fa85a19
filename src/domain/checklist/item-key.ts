// Stable item keys: a readable slug of the text plus a short hash of the
// normalized section path, parent texts and text. Nothing positional goes in,
// so re-ordering items or re-numbering sections keeps every key.
import { createHash } from "node:crypto";

const EMOJI_AND_SYMBOLS = /[^\p{L}\p{N}\s]+/gu;

export const normalizeText = (text: string) =>
  text.normalize("NFKC").toLowerCase().replace(EMOJI_AND_SYMBOLS, " ").replace(/\s+/g, " ").trim();

/** "🚀 Phase 8: …" and "1. Database Setup" lose their decoration, not their words. */
export function stripHeadingDecoration(title: string): string {
  return title.replace(/^[^\p{L}\p{N}]+/u, "").replace(/^\d{1,3}(?:\.\d{1,3})*[.):]?\s+/, "");
}

export const normalizeSectionTitle = (title: string) => normalizeText(stripHeadingDecoration(title));

const SLUG_LIMIT = 40;

export function slugOf(text: string): string {
  const slug = text
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (slug.length <= SLUG_LIMIT) return slug;
  const cut = slug.slice(0, SLUG_LIMIT + 1);
  const lastDash = cut.lastIndexOf("-");
  return (lastDash > 0 ? cut.slice(0, lastDash) : cut.slice(0, SLUG_LIMIT)).replace(/-+$/, "");
}

/** What makes an item the same item: its section path, its parents and its own text. */
export function itemIdentity(sectionTitles: string[], parentTexts: string[], text: string): string {
  return [sectionTitles.map(normalizeSectionTitle).join("/"), parentTexts.map(normalizeText).join("/"), normalizeText(text)].join("/");
}

export function derivedKey(identity: string, text: string): string {
  const hash = createHash("sha1").update(identity).digest("hex").slice(0, 12);
  return `${slugOf(text) || "item"}-${hash}`;
}
