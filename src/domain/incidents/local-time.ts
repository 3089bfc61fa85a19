// Wall-clock time in a launch's timezone, with daylight-saving changes: a handoff at
// "Mon 09:00" is 09:00 local on every Monday, whatever the UTC offset is that week.
import { GoliveError } from "../../errors.js";
import { addDays, dateIn } from "../launches/calendar.js";

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function wallParts(tz: string, at: Date) {
  let f = partsFormatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone: tz, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" });
    partsFormatters.set(tz, f);
  }
  const p = Object.fromEntries(f.formatToParts(at).map((x) => [x.type, Number(x.value)]));
  return { year: p.year!, month: p.month!, day: p.day!, hour: p.hour!, minute: p.minute!, second: p.second! };
}

/** The UTC offset of `tz` at `at`, in milliseconds. */
function offsetMs(tz: string, at: Date): number {
  const p = wallParts(tz, at);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wall - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant of local `date` (YYYY-MM-DD) at `time` (HH:MM[:SS]) in `tz`. In a spring-forward gap, the time after the gap. */
export function zonedInstant(date: string, time: string, tz: string): Date {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const [hh = 0, mm = 0, ss = 0] = time.split(":").map(Number);
  const wall = Date.UTC(y, m - 1, d, hh, mm, ss);
  const first = wall - offsetMs(tz, new Date(wall));
  return new Date(wall - offsetMs(tz, new Date(first)));
}

/** Minutes after local midnight of `at` in `tz`. */
export function localMinutes(tz: string, at: Date): number {
  const p = wallParts(tz, at);
  return p.hour * 60 + p.minute;
}

/** `2026-11-24 09:00:05` in `tz`: timelines are to the second. */
export function localSeconds(at: Date, tz: string): string {
  const p = wallParts(tz, at);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}:${two(p.second)}`;
}

/** `Mon 24 Nov 09:00` in `tz`, for schedules. */
export function shortStamp(at: Date, tz: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone: tz, weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
    .format(at)
    .replace(",", "");
}

export const WEEKDAY_NAMES = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/** 0 (Sunday) … 6 of a YYYY-MM-DD date. */
export const weekdayOf = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

/** A time a person types: `2026-11-24 18:00` (launch timezone), an ISO instant with an offset, or `now`. */
export function parseWhen(text: string, tz: string, now: Date): Date {
  const t = text.trim();
  if (t === "now") return now;
  const local = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{1,2}):(\d{2}))?$/.exec(t);
  if (local) return zonedInstant(local[1]!, `${local[2] ?? "00"}:${local[3] ?? "00"}`, tz);
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(t) && !Number.isNaN(Date.parse(t))) return new Date(t);
  if (/^\d{1,2}:\d{2}$/.test(t)) return zonedInstant(dateIn(tz, now), t, tz);
  throw new GoliveError("invalid", `"${text}" is not a time.`, `Write it as YYYY-MM-DD HH:MM in the launch's timezone (${tz}), HH:MM for today, or an ISO time with an offset (2026-11-24T18:00:00Z).`);
}

/** `5m`, `1h`, `90s` … as milliseconds, or null when it is not a duration. */
export function parseDuration(text: string): number | null {
  const m = /^(\d{1,4})\s*(s|m|min|h|d)$/i.exec(text.trim());
  if (!m) return null;
  const unit = { s: 1_000, m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 }[m[2]!.toLowerCase() as "s"]!;
  return Number(m[1]) * unit;
}

export function durationLabel(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000}d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  return `${Math.round(ms / 1000)}s`;
}

export { addDays, dateIn };
