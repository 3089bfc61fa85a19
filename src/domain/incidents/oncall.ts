// Who is on call: a rotation's cycle (or its imported calendar) with overrides on top.
// Handoffs are local wall-clock times in the launch's timezone, so a weekly handoff stays
// at 09:00 across a daylight-saving change (the shift that spans it is an hour shorter or longer).
import { GoliveError } from "../../errors.js";
import type { Queryable } from "../../storage/database.js";
import { eventsRepo } from "../../storage/events-repo.js";
import { type Override, oncallRepo, type Rotation, type Shift } from "../../storage/oncall-repo.js";
import type { Actor, Launch } from "../launches/types.js";
import { addDays, dateIn, localMinutes, WEEKDAY_NAMES, weekdayOf, zonedInstant } from "./local-time.js";
import { daysBetween } from "../launches/calendar.js";

export interface OnCall {
  person: string | null;
  /** The shift (or override) that puts them on call. */
  from: Date | null;
  to: Date | null;
  override: boolean;
}

export interface Handoff {
  day: number | null;
  time: string;
}

/** `Mon 09:00` (weekly and longer) or `09:00` (daily). */
export function parseHandoff(text: string): Handoff {
  const m = /^(?:(sun|mon|tue|wed|thu|fri|sat)[a-z]*\s+)?(\d{1,2}):(\d{2})$/i.exec(text.trim());
  if (!m || Number(m[2]) > 23 || Number(m[3]) > 59) {
    throw new GoliveError("invalid", `"${text}" is not a handoff time.`, 'Write a weekday and a local time, e.g. --handoff "Mon 09:00", or only a time for daily shifts.');
  }
  const day = m[1] ? WEEKDAY_NAMES.findIndex((d) => d.toLowerCase() === m[1]!.slice(0, 3).toLowerCase()) : null;
  return { day, time: `${m[2]!.padStart(2, "0")}:${m[3]}` };
}

/** `1w`, `2w`, `1d`, `3d` → days. */
export function parsePeriod(text: string): number {
  const m = /^(\d{1,2})\s*(d|w)$/i.exec(text.trim());
  const days = m ? Number(m[1]) * (m[2]!.toLowerCase() === "w" ? 7 : 1) : 0;
  if (days < 1 || days > 28) throw new GoliveError("invalid", `"${text}" is not a shift length.`, "Use days or weeks from 1d to 4w, e.g. --every 1w.");
  return days;
}

const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** The local date of the handoff that began the day-shift `at` falls in. */
function shiftDay(tz: string, handoffTime: string, at: Date): string {
  const today = dateIn(tz, at);
  return localMinutes(tz, at) < minutesOf(handoffTime) ? addDays(today, -1) : today;
}

/** A cycle that starts with its first member at the latest handoff at or before `now`. */
export function cycleAnchor(tz: string, handoff: Handoff, now: Date): string {
  let day = shiftDay(tz, handoff.time, now);
  if (handoff.day !== null) while (weekdayOf(day) !== handoff.day) day = addDays(day, -1);
  return day;
}

/** The cycle's shift at `at`. */
function cycleShift(r: Rotation, tz: string, at: Date): Shift | null {
  if (r.members.length === 0 || !r.anchorDate || !r.periodDays || !r.handoffTime) return null;
  const index = Math.floor(daysBetween(r.anchorDate, shiftDay(tz, r.handoffTime, at)) / r.periodDays);
  const n = r.members.length;
  return {
    person: r.members[((index % n) + n) % n]!,
    from: zonedInstant(addDays(r.anchorDate, index * r.periodDays), r.handoffTime, tz),
    to: zonedInstant(addDays(r.anchorDate, (index + 1) * r.periodDays), r.handoffTime, tz),
  };
}

function scheduledShift(r: Rotation, tz: string, at: Date): Shift | null {
  if (r.kind === "cycle") return cycleShift(r, tz, at);
  const t = at.getTime();
  return r.shifts.filter((s) => s.from.getTime() <= t && t < s.to.getTime()).at(-1) ?? null;
}

/** Who is on call at `at`: the latest override covering it wins over the schedule. */
export function onCallAt(r: Rotation, overrides: Override[], tz: string, at: Date): OnCall {
  const t = at.getTime();
  const override = overrides.filter((o) => o.startsAt.getTime() <= t && t < o.endsAt.getTime()).at(-1);
  if (override) return { person: override.person, from: override.startsAt, to: override.endsAt, override: true };
  const shift = scheduledShift(r, tz, at);
  return shift ? { ...shift, override: false } : { person: null, from: null, to: null, override: false };
}

/** The schedule between `from` and `to` as consecutive stretches of one person each. */
export function scheduleBetween(r: Rotation, overrides: Override[], tz: string, from: Date, to: Date): (OnCall & { from: Date; to: Date })[] {
  const cuts = new Set<number>([from.getTime(), to.getTime()]);
  const inside = (d: Date | null) => d && d.getTime() > from.getTime() && d.getTime() < to.getTime();
  for (const o of overrides) for (const d of [o.startsAt, o.endsAt]) if (inside(d)) cuts.add(d.getTime());
  if (r.kind === "calendar") {
    for (const s of r.shifts) for (const d of [s.from, s.to]) if (inside(d)) cuts.add(d.getTime());
  } else {
    for (let shift = cycleShift(r, tz, from); shift && inside(shift.to); shift = cycleShift(r, tz, shift.to)) cuts.add(shift.to.getTime());
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: (OnCall & { from: Date; to: Date })[] = [];
  for (let i = 0; i < points.length - 1; i++) {
    const at = new Date(points[i]!);
    const who = onCallAt(r, overrides, tz, at);
    const last = out.at(-1);
    if (last && last.person === who.person && last.override === who.override) last.to = new Date(points[i + 1]!);
    else out.push({ ...who, from: at, to: new Date(points[i + 1]!) });
  }
  return out;
}

export async function requireRotation(db: Queryable, launch: Launch, name: string): Promise<Rotation> {
  const rotation = await oncallRepo.get(db, launch.id, name);
  if (rotation) return rotation;
  const known = (await oncallRepo.list(db, launch.id)).map((r) => r.name);
  throw new GoliveError(
    "not_found",
    `${launch.name} has no rotation "${name}".`,
    known.length ? `Rotations: ${known.join(", ")}` : 'Create one: oncall set primary @alice @bob --every 1w --handoff "Mon 09:00"',
  );
}

/** The person on call now in a rotation of the launch; null when there is no such rotation or nobody. */
export async function whoIsOnCall(db: Queryable, launch: Launch, rotationName: string, at: Date): Promise<OnCall | null> {
  const rotation = await oncallRepo.get(db, launch.id, rotationName);
  if (!rotation) return null;
  return onCallAt(rotation, await oncallRepo.overrides(db, launch.id, rotationName, at), launch.timezone, at);
}

/** Saves a rotation and records the change as an event, in the caller's transaction. */
export async function saveRotation(tx: Queryable, launch: Launch, rotation: Rotation, actor: Actor, at: Date) {
  const before = await oncallRepo.get(tx, launch.id, rotation.name);
  await oncallRepo.save(tx, rotation);
  const describe = (r: Rotation | null) =>
    r && (r.kind === "cycle" ? { kind: r.kind, members: r.members, periodDays: r.periodDays, handoff: `${r.handoffDay === null ? "" : `${WEEKDAY_NAMES[r.handoffDay]} `}${r.handoffTime}` } : { kind: r.kind, shifts: r.shifts.length, source: r.source });
  await eventsRepo.append(tx, { launchId: launch.id, itemKey: null, kind: "oncall.rotation_set", actor: actor.id, surface: actor.surface, at, before: describe(before), after: { name: rotation.name, ...describe(rotation) }, note: null });
}
