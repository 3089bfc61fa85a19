const formatters = new Map<string, Intl.DateTimeFormat>();

/** `Tue 24 Nov 09:00` in `timezone`. */
export function localStampOf(date: Date, timezone: string): string {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", { timeZone: timezone, weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    formatters.set(timezone, f);
  }
  return f.format(date).replace(",", "");
}
