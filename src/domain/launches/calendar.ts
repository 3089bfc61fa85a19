import { GoliveError } from "../../errors.js";
import type { LaunchPhase } from "./types.js";

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isValidTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export function isValidDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

/** Dates golive accepts: a launch or a due date in 1970 (or 2999) is a typo, not a plan. */
export const DATE_RANGE = { from: "2000-01-01", to: "2099-12-31" };
export const inDateRange = (date: string) => date >= DATE_RANGE.from && date <= DATE_RANGE.to;
export const DATE_RANGE_MESSAGE = `must be between ${DATE_RANGE.from} and ${DATE_RANGE.to}`;

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** The calendar date (YYYY-MM-DD) at `now` in `tz`. The formatter is built once per timezone (building one costs more than formatting). */
export function dateIn(tz: string, now: Date): string {
  let format = dateFormats.get(tz);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", { timeZone: tz, year: "numeric", month: "2-digit", day: "2-digit" });
    dateFormats.set(tz, format);
  }
  return format.format(now);
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

export const HYPERCARE_DAYS = 7;

export function phaseOn(launchDate: string, today: string, hypercareDays = HYPERCARE_DAYS): LaunchPhase {
  const offset = daysBetween(launchDate, today);
  if (offset < 0) return "pre-launch";
  if (offset === 0) return "launch-day";
  if (offset <= hypercareDays) return "hypercare";
  return "closed";
}

/** `T-3d`, `T+2d`, `T` relative to the launch date, or an ISO date. */
export function resolveDue(input: string, launchDate: string): string {
  const rel = /^T(?:([+-])(\d{1,3})d)?$/i.exec(input.trim());
  if (rel) {
    const days = rel[1] ? Number(rel[2]) * (rel[1] === "-" ? -1 : 1) : 0;
    return addDays(launchDate, days);
  }
  if (isValidDate(input)) {
    if (inDateRange(input)) return input;
    throw new GoliveError("invalid", `${input} is not a plausible due date: it ${DATE_RANGE_MESSAGE}.`, "Check the year.");
  }
  throw new GoliveError(
    "invalid",
    `"${input}" is not a date`,
    "Use YYYY-MM-DD (e.g. 2026-11-28) or a day relative to the launch date: T-3d, T, T+1d.",
  );
}

/** `T-3` style label of a date relative to the launch date. */
export function relativeLabel(date: string, launchDate: string): string {
  const d = daysBetween(launchDate, date);
  return d === 0 ? "T" : d < 0 ? `T${d}d` : `T+${d}d`;
}

/**
 * A launch date as typed: `YYYY-MM-DD`, or relative to `today` (`+14d`, `+2w`). A day before
 * today is refused unless `allowPast` (a launch created late, e.g. to record one already live):
 * it would open in launch day or hypercare with every item overdue.
 */
export function resolveLaunchDate(input: string, today: string, allowPast: boolean): string {
  const rel = /^\+(\d{1,3})([dw])$/i.exec(input.trim());
  const date = rel ? addDays(today, Number(rel[1]) * (rel[2]!.toLowerCase() === "w" ? 7 : 1)) : input.trim();
  if (!isValidDate(date)) {
    throw new GoliveError("usage", `--date ${input} is not a date.`, "Write it YYYY-MM-DD (e.g. 2026-12-01), or from today: --date +14d, --date +2w.");
  }
  if (date < today && !allowPast) {
    throw new GoliveError(
      "usage",
      `--date ${date} is in the past (today is ${today}); nothing was created.`,
      "Give a later day (e.g. --date +14d), or add --allow-past to record a launch that already happened.",
    );
  }
  return date;
}
