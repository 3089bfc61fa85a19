// Multi-line Python logs: gunicorn's error log (`[2026-11-24 09:00:01 +0000] [42] [ERROR] …`)
// and Django's logging output in its usual layouts. A header line starts a record; the
// lines up to the next header (a traceback) belong to it.
import type { ErrorRecord } from "./records.js";
import { parseTraceback } from "./traceback.js";
import { zonedToEpoch } from "./zoned-time.js";

export interface Header {
  at: number;
  level: string;
  message: string;
}

const LEVELS = "DEBUG|INFO|WARNING|WARN|ERROR|CRITICAL|FATAL|EXCEPTION";
const GUNICORN = /^\[(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) ([+-]\d{4})\] \[\d+\] \[([A-Z]+)\] (.*)$/;
// Django docs' "verbose": `{levelname} {asctime} {module} {process:d} {thread:d} {message}`.
const DJANGO_LEVEL_FIRST = new RegExp(`^(${LEVELS}) (\\d{4}-\\d\\d-\\d\\d[ T]\\d\\d:\\d\\d:\\d\\d)(?:[,.]\\d+)? (.*)$`);
// `[{asctime}] {levelname} [{name}:{lineno}] {message}` and `{asctime} {levelname} {name} {message}`.
const DJANGO_TIME_FIRST = new RegExp(`^\\[?(\\d{4}-\\d\\d-\\d\\d[ T]\\d\\d:\\d\\d:\\d\\d)(?:[,.]\\d+)?\\]? \\[?(${LEVELS})\\]? (.*)$`);

export function gunicornHeader(line: string): Header | null {
  const m = GUNICORN.exec(line);
  if (!m) return null;
  const offset = m[2]!;
  const at = Date.parse(`${m[1]!.replace(" ", "T")}${offset.slice(0, 3)}:${offset.slice(3)}`);
  return Number.isNaN(at) ? null : { at, level: m[3]!, message: m[4]! };
}

/** Django writes local time without an offset: `timezone` says whose. */
export function djangoHeader(line: string, timezone: string): Header | null {
  let m = DJANGO_LEVEL_FIRST.exec(line);
  let level: string;
  let stamp: string;
  let message: string;
  if (m) [level, stamp, message] = [m[1]!, m[2]!, m[3]!];
  else {
    m = DJANGO_TIME_FIRST.exec(line);
    if (!m) return null;
    [stamp, level, message] = [m[1]!, m[2]!, m[3]!];
  }
  const at = zonedToEpoch(stamp.replace("T", " "), timezone);
  return Number.isNaN(at) ? null : { at, level, message };
}

export const ERROR_LEVELS = new Set(["ERROR", "CRITICAL", "FATAL", "EXCEPTION"]);

/** Builds the error record of a header and its continuation lines. */
export function pythonRecord(header: Header, lines: readonly string[]): ErrorRecord {
  const trace = parseTraceback(lines);
  return {
    kind: "error",
    at: header.at,
    level: header.level,
    message: header.message,
    exceptionType: trace.type,
    exceptionValue: trace.value,
    frames: trace.frames,
    text: lines.join("\n"),
  };
}
