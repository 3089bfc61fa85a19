// The nginx `combined` format, which gunicorn's default access log shares, optionally
// followed by `$request_time` / `$upstream_response_time` (plain numbers or `rt=0.012`
// style pairs). Parsed with indexOf, not a regular expression: this is the hot path.
import { detached } from "./normalize.js";
import type { AccessRecord } from "./records.js";

const MONTHS: Record<string, number> = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };

export type LatencyUnit = "s" | "ms" | "us";
const UNIT_TO_MS: Record<LatencyUnit, number> = { s: 1000, ms: 1, us: 0.001 };

let cachedPrefix = "";
let cachedZone = "";
let cachedMinuteMs = 0;

/** `24/Nov/2026:09:00:01 +0100` at `start` of `line` → epoch ms; NaN if it is not one. The minute is cached (lines come in order). */
export function parseClfTimeAt(line: string, start: number): number {
  if (line.charCodeAt(start + 20) !== 32 || line.charCodeAt(start + 17) !== 58) return Number.NaN;
  const seconds = (line.charCodeAt(start + 18) - 48) * 10 + (line.charCodeAt(start + 19) - 48);
  if (!(seconds >= 0 && seconds < 61)) return Number.NaN;
  if (!line.startsWith(cachedPrefix, start) || !line.startsWith(cachedZone, start + 21) || cachedPrefix === "") {
    const text = line.slice(start, start + 26);
    const day = Number(text.slice(0, 2));
    const month = MONTHS[text.slice(3, 6)];
    const year = Number(text.slice(7, 11));
    const hour = Number(text.slice(12, 14));
    const minute = Number(text.slice(15, 17));
    const sign = text[21] === "-" ? -1 : text[21] === "+" ? 1 : Number.NaN;
    const offset = sign * (Number(text.slice(22, 24)) * 60 + Number(text.slice(24, 26)));
    if (month === undefined || [day, year, hour, minute, offset].some(Number.isNaN) || text.length !== 26) return Number.NaN;
    cachedMinuteMs = Date.UTC(year, month, day, hour, minute) - offset * 60_000;
    // Copies, not slices: a slice would keep the whole chunk the line was read in alive.
    cachedPrefix = detached(text.slice(0, 17));
    cachedZone = detached(text.slice(21, 26));
  }
  return cachedMinuteMs + seconds * 1000;
}

export const parseClfTime = (text: string) => (text.length === 26 ? parseClfTimeAt(text, 0) : Number.NaN);

function isDigit(code: number) {
  return code >= 48 && code <= 57;
}

/** The first number among the fields after the user agent (`0.123`, `rt=0.123`); `-` means none. */
function trailingLatency(line: string, from: number, unit: LatencyUnit): number | null {
  let i = from;
  while (i < line.length) {
    while (i < line.length && line.charCodeAt(i) === 32) i++;
    let end = line.indexOf(" ", i);
    if (end < 0) end = line.length;
    let token = line.slice(i, end);
    const eq = token.indexOf("=");
    if (eq >= 0) token = token.slice(eq + 1);
    if (token.length > 0 && isDigit(token.charCodeAt(0))) {
      const value = Number.parseFloat(token);
      if (Number.isFinite(value)) return value * UNIT_TO_MS[unit];
    }
    i = end + 1;
  }
  return null;
}

/** The time field of a combined line (for seeking in a file); NaN when the line has none. */
export function accessLineTime(line: string): number {
  const open = line.indexOf(" [");
  if (open < 0) return Number.NaN;
  return line.charCodeAt(open + 28) === 93 ? parseClfTimeAt(line, open + 2) : Number.NaN;
}

/** One combined line, or null when it is not one. */
export function parseAccessLine(line: string, unit: LatencyUnit = "s"): AccessRecord | null {
  const open = line.indexOf(" [");
  if (open < 0) return null;
  const close = open + 28;
  if (line.charCodeAt(close) !== 93) return null;
  const at = parseClfTimeAt(line, open + 2);
  if (Number.isNaN(at)) return null;
  if (line.charCodeAt(close + 1) !== 32 || line.charCodeAt(close + 2) !== 34) return null;
  const requestStart = close + 3;
  // The request ends at the quote followed by a space and the status (nginx escapes quotes inside as \x22).
  let requestEnd = line.indexOf('" ', requestStart);
  while (requestEnd >= 0 && !isDigit(line.charCodeAt(requestEnd + 2))) requestEnd = line.indexOf('" ', requestEnd + 1);
  if (requestEnd < 0) return null;
  const statusStart = requestEnd + 2;
  const status = (line.charCodeAt(statusStart) - 48) * 100 + (line.charCodeAt(statusStart + 1) - 48) * 10 + (line.charCodeAt(statusStart + 2) - 48);
  if (!isDigit(line.charCodeAt(statusStart + 1)) || !isDigit(line.charCodeAt(statusStart + 2)) || line.charCodeAt(statusStart + 3) !== 32) return null;
  let space = line.indexOf(" ", requestStart);
  if (space < 0 || space > requestEnd) space = requestEnd;
  const method = line.slice(requestStart, space);
  let lastSpace = line.lastIndexOf(" ", requestEnd);
  if (lastSpace <= space) lastSpace = requestEnd;
  const target = space < requestEnd ? line.slice(space + 1, lastSpace) : "";
  const query = target.indexOf("?");
  const path = query >= 0 ? target.slice(0, query) : target;
  // Referer and user agent: two quoted fields; whatever follows may carry the timings.
  let cursor = statusStart + 4;
  let quotes = 0;
  let afterAgent = -1;
  while (quotes < 4) {
    const q = line.indexOf('"', cursor);
    if (q < 0) break;
    quotes++;
    cursor = q + 1;
    if (quotes === 4) afterAgent = cursor;
  }
  const latencyMs = afterAgent > 0 && afterAgent < line.length ? trailingLatency(line, afterAgent, unit) : null;
  return { kind: "access", at, method, path, target, status, latencyMs };
}
