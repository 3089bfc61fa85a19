// Cron slots in a timezone, computed here (not by node-cron's timers) so the scheduler can
// find missed slots after a restart and tests can walk a fake clock through days of slots.
// Expressions are parsed by node-cron itself; we use minute resolution.
import { parse as parseCron } from "node-cron";
import { z } from "zod";

interface CronFields {
  minute: Set<number>;
  hour: Set<number>;
  dayOfMonth: Set<number>;
  month: Set<number>;
  dayOfWeek: Set<number>;
}

const MINUTE = 60_000;

function toFields(expression: string): CronFields {
  const parsed = parseCron(expression);
  const fieldCount = expression.trim().split(/\s+/).length;
  if (fieldCount === 6 && (parsed.second.length !== 1 || parsed.second[0] !== 0)) {
    throw new Error("golive schedules run at most once a minute: leave out the seconds field or set it to 0");
  }
  const numbers = (name: string, values: (number | string)[]) => {
    if (values.some((v) => typeof v !== "number")) throw new Error(`${name}: L, W and # are not supported; use plain numbers, ranges and steps`);
    return new Set(values as number[]);
  };
  return {
    minute: new Set(parsed.minute),
    hour: new Set(parsed.hour),
    dayOfMonth: numbers("day of month", parsed.dayOfMonth),
    month: new Set(parsed.month),
    dayOfWeek: new Set([...numbers("day of week", parsed.dayOfWeek)].map((d) => d % 7)),
  };
}

/** A cron expression (5 fields, or 6 with seconds = 0), e.g. `0 9 * * *`. */
export const cronExpression = z.string().trim().superRefine((value, ctx) => {
  try {
    toFields(value);
  } catch (error) {
    ctx.addIssue({ code: "custom", message: `"${value}" is not a cron expression (${(error as Error).message}); e.g. "0 9 * * *" for 09:00 daily` });
  }
});

const fieldCache = new Map<string, CronFields>();
function cronFields(expression: string): CronFields {
  let fields = fieldCache.get(expression);
  if (!fields) {
    fields = toFields(expression);
    fieldCache.set(expression, fields);
  }
  return fields;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

interface LocalParts {
  month: number;
  day: number;
  weekday: number;
  hour: number;
  minute: number;
}

export function localParts(date: Date, timezone: string): LocalParts {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: timezone,
      hourCycle: "h23",
      month: "numeric",
      day: "numeric",
      weekday: "short",
      hour: "numeric",
      minute: "numeric",
    });
    formatters.set(timezone, f);
  }
  const p = Object.fromEntries(f.formatToParts(date).map((x) => [x.type, x.value]));
  return { month: Number(p.month), day: Number(p.day), weekday: WEEKDAYS[p.weekday!] ?? 0, hour: Number(p.hour), minute: Number(p.minute) };
}

const floorMinute = (ms: number) => Math.floor(ms / MINUTE) * MINUTE;

/** Slots of `expression` in `timezone` in the interval (after, until], oldest first; at most `limit`. */
export function slotsBetween(expression: string, timezone: string, after: Date, until: Date, limit = Number.POSITIVE_INFINITY): Date[] {
  const f = cronFields(expression);
  const slots: Date[] = [];
  let t = floorMinute(after.getTime()) + MINUTE;
  const end = until.getTime();
  while (t <= end && slots.length < limit) {
    const p = localParts(new Date(t), timezone);
    const dayMatches = f.month.has(p.month) && f.dayOfMonth.has(p.day) && f.dayOfWeek.has(p.weekday);
    if (!dayMatches || !f.hour.has(p.hour)) {
      // Jump to the next local hour: offsets are whole quarter hours, so this never skips a match.
      t += (60 - p.minute) * MINUTE;
      continue;
    }
    if (f.minute.has(p.minute)) slots.push(new Date(t));
    t += MINUTE;
  }
  return slots;
}

/** The first slot after `after`, looking at most `withinDays` ahead; null if none. */
export function nextSlot(expression: string, timezone: string, after: Date, withinDays = 400): Date | null {
  return slotsBetween(expression, timezone, after, new Date(after.getTime() + withinDays * 86_400_000), 1)[0] ?? null;
}

/** Local midnight of the day `now` falls on in `timezone` (an hour off on a DST change day: good enough for a catch-up window). */
export function startOfLocalDay(timezone: string, now: Date): Date {
  const p = localParts(now, timezone);
  return new Date(floorMinute(now.getTime()) - (p.hour * 60 + p.minute) * MINUTE);
}

export const minuteOf = (date: Date) => new Date(floorMinute(date.getTime()));

/** `2026-11-24 09:00` in `timezone`. */
export function localStamp(date: Date, timezone: string): string {
  return new Intl.DateTimeFormat("sv-SE", {
    timeZone: timezone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(date);
}

const dateFormatters = new Map<string, Intl.DateTimeFormat>();

/** The local date (YYYY-MM-DD) of `date` in `timezone`; like calendar's dateIn, with the formatter cached (hot in slot scans). */
export function localDate(timezone: string, date: Date): string {
  let f = dateFormatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", { timeZone: timezone, year: "numeric", month: "2-digit", day: "2-digit" });
    dateFormatters.set(timezone, f);
  }
  return f.format(date);
}
