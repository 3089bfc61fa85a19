// Paths and messages with the parts that vary per request taken out, so that
// `/users/123/orders/9f1c…` and `/users/7/orders/03ab…` are one endpoint and two
// "invalid id 42" errors one group.

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const NUMBER = /^\d+$/;
// `/reports/1234.pdf`: a number with a file extension.
const NUMBER_FILE = /^\d+(\.[A-Za-z][A-Za-z0-9]{0,7})$/;
const HEX = /^[0-9a-f]{8,}$/i;
// Long mixed tokens (slugs with digits, base64ish ids).
const TOKEN = /^(?=.*\d)[A-Za-z0-9_-]{16,}$/;

function segment(part: string): string {
  if (part === "") return part;
  const first = part.charCodeAt(0);
  // Most segments are words: no digit at the start and short, so no id.
  if (part.length < 8 && !(first >= 48 && first <= 57)) return part;
  if (NUMBER.test(part)) return "{id}";
  const idFile = NUMBER_FILE.exec(part);
  if (idFile) return `{id}${idFile[1]}`;
  if (UUID.test(part)) return "{uuid}";
  if (HEX.test(part)) return "{hex}";
  if (TOKEN.test(part)) return "{token}";
  return part;
}

/**
 * A copy of `text` for keeping: a line is a slice of the 64 KiB chunk it was read in, and
 * V8 keeps a slice's whole parent alive, so a kept slice would keep its chunk. The
 * concatenation is flattened into a string of its own before it is sliced again.
 */
export const detached = (text: string): string => ` ${text}`.slice(1);

/** `/users/123/orders/9f1c0d2e-…/` → `/users/{id}/orders/{uuid}/`. */
export function normalizePath(path: string): string {
  const normalized = path.length > 200 ? `${path.slice(0, 200)}…` : path;
  return normalized.split("/").map(segment).join("/") || "/";
}

/** How many paths a reader remembers the normalized form of. */
export const PATH_CACHE_ENTRIES = 4_000;

/**
 * `normalizePath` with a memory of the first paths seen (one per read, dropped with it).
 * It fills once and is never cleared: entries that live through a few young-generation
 * collections are promoted to the old one, and a cache that is cleared and refilled
 * turns them into old garbage that grows the heap (the peak RSS) with the lines read.
 * Filled once, its size is fixed: the paths repeated on every page (assets, `/`) are in
 * it from the first seconds; a path with an id in it is rarely seen twice anyway.
 */
export class PathNormalizer {
  private readonly cache = new Map<string, string>();

  normalize(path: string): string {
    const cached = this.cache.get(path);
    if (cached !== undefined) return cached;
    const normalized = normalizePath(path);
    if (this.cache.size >= PATH_CACHE_ENTRIES) return normalized;
    const key = detached(path);
    const value = normalized === path ? key : detached(normalized);
    this.cache.set(key, value);
    return value;
  }
}

/** Numbers, ids, hex, quoted values and addresses out of an error message. */
export function normalizeMessage(message: string): string {
  return message
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, "<uuid>")
    .replace(/\b0x[0-9a-f]+\b/gi, "<hex>")
    .replace(/\b[0-9a-f]{8,}\b/gi, "<hex>")
    .replace(/\b\d+(\.\d+){3}(:\d+)?\b/g, "<ip>")
    .replace(/'[^']*'|"[^"]*"/g, "<str>")
    .replace(/\d+/g, "<n>")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 300);
}
