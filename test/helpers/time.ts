// The one place tests read the machine's clock.
//
// golive takes its time from the injected Clock, but a TLS handshake is judged by
// OpenSSL against the machine's time. Tests that serve certificates therefore anchor
// their test clock, their certificates' validity and their launch dates on the
// machine's date read here once, and derive every value they assert on from that
// anchor. Everything else uses a fixed clock with calendar dates written in the test.
const DAY_MS = 86_400_000;

/** The machine's time when the test file loaded, rounded down to the minute (certificates keep whole seconds). */
const anchorMs = Math.floor(Date.now() / 60_000) * 60_000;

export function machineNow(): Date {
  return new Date(anchorMs);
}

export function daysAfter(at: Date, days: number): Date {
  return new Date(at.getTime() + days * DAY_MS);
}

/** `YYYY-MM-DD` of a time, in UTC. */
export function utcDate(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** The machine's UTC date moved by `days`, as `YYYY-MM-DD`. */
export function machineDate(days = 0): string {
  return utcDate(daysAfter(machineNow(), days));
}

/** An ISO instant on the machine's UTC date moved by `days`, at `time` ("10:15:00Z"). */
export function machineDayAt(days: number, time: string): string {
  return `${machineDate(days)}T${time}`;
}

/**
 * The environment that puts a child process on this process's machine clock: when the tests
 * run under faketime (CI runs them far from today), its preload and settings; else nothing.
 * A golive child started with a trimmed environment would otherwise live on the real date.
 */
export function machineClockEnv(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => (e[0] === "LD_PRELOAD" || e[0].startsWith("FAKETIME")) && e[1] !== undefined));
}
