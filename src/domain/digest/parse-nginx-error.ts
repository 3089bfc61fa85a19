// nginx's error log: `2026/11/24 09:00:01 [error] 31#31: *1234 message, client: …, request: "GET /x HTTP/1.1"`.
// Times are the server's local time: `timezone` says whose.
import type { ErrorRecord } from "./records.js";
import { zonedToEpoch } from "./zoned-time.js";

const LINE = /^(\d{4})\/(\d\d)\/(\d\d) (\d\d:\d\d:\d\d) \[([a-z]+)\] \d+#\d+: (?:\*\d+ )?(.*)$/;

export function nginxErrorTime(line: string, timezone: string): number {
  const m = LINE.exec(line);
  return m ? zonedToEpoch(`${m[1]}-${m[2]}-${m[3]} ${m[4]}`, timezone) : Number.NaN;
}

export function parseNginxErrorLine(line: string, timezone: string): ErrorRecord | null {
  const m = LINE.exec(line);
  if (!m) return null;
  const at = zonedToEpoch(`${m[1]}-${m[2]}-${m[3]} ${m[4]}`, timezone);
  if (Number.isNaN(at)) return null;
  const body = m[6]!;
  // The message is what comes before nginx's ", client: …" context.
  const context = body.indexOf(", client: ");
  const message = context >= 0 ? body.slice(0, context) : body;
  return { kind: "error", at, level: m[5]!.toUpperCase(), message, exceptionType: `nginx ${m[5]}`, exceptionValue: message, frames: [], text: line };
}

/** Levels worth a group in the digest (nginx logs `notice`/`info` chatter too). */
export const NGINX_ERROR_LEVELS = new Set(["WARN", "ERROR", "CRIT", "ALERT", "EMERG"]);
