// The window a digest covers: the previous 24 hours ending at the local hour (the daily
// digest), `--since 24h|90m|7d`, or `--from … --to …` (ISO dates or local date-times).
import { GoliveError } from "../../errors.js";
import { zonedToEpoch } from "./zoned-time.js";

export interface DigestWindow {
  from: Date;
  to: Date;
}

const HOUR = 3_600_000;
export const MAX_WINDOW_DAYS = 31;

const UNITS: Record<string, number> = { m: 60_000, h: HOUR, d: 24 * HOUR };

export function parseSince(text: string): number {
  const m = /^(\d{1,4})\s*([mhd])$/i.exec(text.trim());
  if (!m) throw new GoliveError("usage", `--since "${text}" is not a duration.`, "Use minutes, hours or days: --since 90m, --since 24h, --since 7d.");
  return Number(m[1]) * UNITS[m[2]!.toLowerCase()]!;
}

/** `2026-11-24`, `2026-11-24 09:00` or `2026-11-24T09:00` in the launch's timezone, or an ISO time with an offset. */
export function parseLocalTime(text: string, timezone: string, flag: string): Date {
  const value = text.trim();
  if (/[zZ]$|[+-]\d\d:?\d\d$/.test(value) && value.includes("T")) {
    const at = Date.parse(value);
    if (!Number.isNaN(at)) return new Date(at);
  }
  const m = /^(\d{4}-\d\d-\d\d)(?:[ T](\d\d):(\d\d))?$/.exec(value);
  const at = m ? zonedToEpoch(`${m[1]} ${m[2] ?? "00"}:${m[3] ?? "00"}:00`, timezone) : Number.NaN;
  if (Number.isNaN(at) || (m && new Date(`${m[1]}T00:00:00Z`).toISOString().slice(0, 10) !== m[1])) {
    throw new GoliveError("usage", `${flag} "${text}" is not a date or time.`, `Use YYYY-MM-DD or "YYYY-MM-DD HH:MM" (in ${timezone}), e.g. ${flag} 2026-11-24.`);
  }
  return new Date(at);
}

/** The window asked for; by default the 24 hours before the current local hour. */
export function resolveWindow(opts: { since?: string; from?: string; to?: string }, timezone: string, now: Date): DigestWindow {
  if (opts.since && (opts.from || opts.to)) throw new GoliveError("usage", "Give either --since or --from/--to, not both.");
  let window: DigestWindow;
  if (opts.from || opts.to) {
    if (!opts.from) throw new GoliveError("usage", "--to needs --from.", "e.g. digest --from 2026-11-24 --to 2026-11-25");
    const from = parseLocalTime(opts.from, timezone, "--from");
    const to = opts.to ? parseLocalTime(opts.to, timezone, "--to") : now;
    window = { from, to };
  } else {
    const to = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
    window = { from: new Date(to.getTime() - (opts.since ? parseSince(opts.since) : 24 * HOUR)), to };
  }
  if (window.to.getTime() <= window.from.getTime()) throw new GoliveError("usage", "The window ends before it starts.", "Put --from before --to.");
  if (window.to.getTime() - window.from.getTime() > MAX_WINDOW_DAYS * 24 * HOUR) {
    throw new GoliveError("usage", `The window is longer than ${MAX_WINDOW_DAYS} days.`, "Ask for a shorter window, e.g. --since 7d.");
  }
  return window;
}

/** Hours per bar of the sparkline and chart: 1 h up to two days, then wider so a week has 42 bars. */
export function bucketMsOf(window: DigestWindow): number {
  const hours = (window.to.getTime() - window.from.getTime()) / HOUR;
  return hours <= 48 ? HOUR : Math.ceil(hours / 42) * HOUR;
}
