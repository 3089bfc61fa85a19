// An on-call schedule from an iCalendar file: every event (recurring ones expanded with
// ical.js, RRULE/EXDATE/RECURRENCE-ID included) is a shift of the person its title names.
import ICAL from "ical.js";
import { GoliveError } from "../../errors.js";
import type { Shift } from "../../storage/oncall-repo.js";
import { isValidTimezone } from "../launches/calendar.js";
import { zonedInstant } from "./local-time.js";

/** How far ahead recurring events are expanded, and how many shifts one import may hold. */
export const IMPORT_HORIZON_DAYS = 90;
export const MAX_SHIFTS = 2000;

type IcalTime = InstanceType<typeof ICAL.Time>;

/** An occurrence's instant: UTC as is, a named zone by the IANA database, else the zone the file defines, else the launch's. */
function instantOf(t: IcalTime, launchTz: string, wallMs = wallClock(t)): Date {
  const wall = new Date(wallMs).toISOString();
  const [date, time] = [wall.slice(0, 10), wall.slice(11, 19)];
  const tzid = t.zone?.tzid ?? (t as { timezone?: string }).timezone;
  if (tzid === "UTC" || tzid === "Z") return new Date(wallMs);
  if (tzid && tzid !== "floating" && isValidTimezone(tzid)) return zonedInstant(date, time, tzid);
  if (tzid && tzid !== "floating" && t.zone?.component) {
    const d = new Date(wallMs);
    const local = ICAL.Time.fromData({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds() }, t.zone);
    return new Date(local.toUnixTime() * 1000);
  }
  return zonedInstant(date, time, launchTz);
}

/** The wall-clock reading of a time, as if it were UTC (for nominal arithmetic). */
const wallClock = (t: IcalTime) => Date.UTC(t.year, t.month - 1, t.day, t.isDate ? 0 : t.hour, t.isDate ? 0 : t.minute, t.isDate ? 0 : t.second);

/** The person an event names: an @mention in its title (or a title that is one word). */
function personOf(title: string, parseMention: (token: string) => string | null): string | null {
  const tokens = title.split(/\s+/).filter(Boolean);
  const mentions = tokens.filter((t) => t.startsWith("@") || t.startsWith("<@"));
  for (const token of mentions.length > 0 ? mentions : tokens.length === 1 ? tokens : []) {
    const person = parseMention(token.replace(/[,;:.]+$/, ""));
    if (person) return person;
  }
  return null;
}

export interface ParsedSchedule {
  shifts: Shift[];
  events: number;
}

/** Parses an .ics text into shifts overlapping [from, from + horizon); a malformed file or an event naming nobody is an error. */
export function shiftsFromIcs(text: string, opts: { launchTz: string; from: Date; parseMention: (token: string) => string | null }): ParsedSchedule {
  let root: InstanceType<typeof ICAL.Component>;
  try {
    root = new ICAL.Component(ICAL.parse(text));
  } catch (error) {
    throw new GoliveError("invalid", `This is not an iCalendar file (${(error as Error).message.split("\n")[0]}).`, "Export the on-call calendar as .ics (it starts with BEGIN:VCALENDAR).");
  }
  if (root.name !== "vcalendar") throw new GoliveError("invalid", "This is not an iCalendar file.", "Export the on-call calendar as .ics (it starts with BEGIN:VCALENDAR).");
  for (const vtimezone of root.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(vtimezone);
  const until = new Date(opts.from.getTime() + IMPORT_HORIZON_DAYS * 86_400_000);
  const shifts: Shift[] = [];
  const vevents = root.getAllSubcomponents("vevent");
  const events = vevents.map((v) => new ICAL.Event(v));
  // Exceptions (RECURRENCE-ID) are folded into their recurring event by ical.js.
  const masters = events.filter((e) => !e.isRecurrenceException());
  for (const master of masters) for (const exception of events.filter((e) => e.isRecurrenceException() && e.uid === master.uid)) master.relateException(exception);
  for (const event of masters) {
    const title = (event.summary ?? "").trim();
    if (!event.startDate) throw new GoliveError("invalid", `The event "${title}" has no start (DTSTART).`, "Fix the calendar export and import it again.");
    const add = (start: IcalTime, end: IcalTime, summary: string, endWallMs?: number) => {
      const from = instantOf(start, opts.launchTz);
      const to = instantOf(end, opts.launchTz, endWallMs);
      if (to.getTime() <= opts.from.getTime() - 86_400_000 || from.getTime() >= until.getTime()) return;
      const person = personOf(summary, opts.parseMention);
      if (!person) {
        throw new GoliveError("invalid", `The event "${summary || "(no title)"}" does not name a person.`, "Put the person's @mention (their chat user) in each event's title, e.g. “On call @alice”.");
      }
      if (to.getTime() <= from.getTime()) throw new GoliveError("invalid", `The event "${summary}" ends before it starts.`, "Fix the calendar export and import it again.");
      shifts.push({ person, from, to });
      if (shifts.length > MAX_SHIFTS) throw new GoliveError("invalid", `The calendar has more than ${MAX_SHIFTS} shifts in the next ${IMPORT_HORIZON_DAYS} days.`, "Import a calendar of on-call shifts only.");
    };
    if (!event.isRecurring()) {
      add(event.startDate, event.endDate, title);
      continue;
    }
    // Occurrences last as long as the event on the wall clock: a week-long shift handing off
    // at 09:00 still ends at 09:00 local after a daylight-saving change.
    const nominalMs = wallClock(event.endDate) - wallClock(event.startDate);
    const iterator = event.iterator();
    for (let next = iterator.next(); next; next = iterator.next()) {
      const details = event.getOccurrenceDetails(next);
      if (instantOf(details.startDate, opts.launchTz).getTime() >= until.getTime()) break;
      const own = details.item !== event;
      const end = own ? details.endDate : details.startDate;
      add(details.startDate, end, (details.item.summary ?? title).trim(), own ? undefined : wallClock(details.startDate) + nominalMs);
    }
  }
  shifts.sort((a, b) => a.from.getTime() - b.from.getTime());
  return { shifts, events: masters.length };
}
