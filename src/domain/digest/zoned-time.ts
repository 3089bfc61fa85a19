// Log timestamps written in local time without an offset (Django, nginx's error log):
// turned into epoch ms for a named timezone. The offset is computed once per hour seen.
const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();

function offsetMinutes(utcGuess: number, timezone: string): number {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone: timezone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric", second: "numeric" });
    formatters.set(timezone, f);
  }
  const p = Object.fromEntries(f.formatToParts(new Date(utcGuess)).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return Math.round((asUtc - utcGuess) / 60_000);
}

/** `2026-11-24 09:00:01` (local to `timezone`) → epoch ms; NaN if it is not a date. */
export function zonedToEpoch(stamp: string, timezone: string): number {
  const naive = Date.parse(`${stamp.replace(" ", "T")}Z`);
  if (Number.isNaN(naive)) return naive;
  const hourKey = `${timezone}|${stamp.slice(0, 13)}`;
  let offset = offsets.get(hourKey);
  if (offset === undefined) {
    offset = offsetMinutes(naive, timezone);
    // A second pass settles the offset on DST change days.
    offset = offsetMinutes(naive - offset * 60_000, timezone);
    if (offsets.size > 10_000) offsets.clear();
    offsets.set(hourKey, offset);
  }
  return naive - offset * 60_000;
}
