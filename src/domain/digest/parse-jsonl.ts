// JSON lines, with the application's field names mapped to ours (dotted paths reach
// into nested objects). A line with a status is a request; one with a level is a log record.
import type { LatencyUnit } from "./parse-access.js";
import type { LogRecord } from "./records.js";
import { isTracebackStart, parseTraceback } from "./traceback.js";

export const JSON_FIELDS = ["time", "method", "path", "status", "latency", "level", "message", "exception", "traceback"] as const;
export type JsonField = (typeof JSON_FIELDS)[number];
export type FieldMap = Partial<Record<JsonField, string>>;

export const DEFAULT_FIELD_MAP: Record<JsonField, string> = {
  time: "time",
  method: "method",
  path: "path",
  status: "status",
  latency: "latency",
  level: "level",
  message: "message",
  exception: "exception",
  traceback: "traceback",
};

const UNIT_TO_MS: Record<LatencyUnit, number> = { s: 1000, ms: 1, us: 0.001 };

function pick(object: Record<string, unknown>, path: string): unknown {
  if (path in object) return object[path];
  let value: unknown = object;
  for (const part of path.split(".")) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** ISO strings, or epoch seconds / milliseconds. */
function toEpoch(value: unknown): number {
  if (typeof value === "number") return value > 1e12 ? value : value * 1000;
  if (typeof value === "string") {
    if (/^\d+(\.\d+)?$/.test(value)) return toEpoch(Number(value));
    return Date.parse(value);
  }
  return Number.NaN;
}

export function jsonLineTime(line: string, fields: Record<JsonField, string>): number {
  try {
    const object = JSON.parse(line);
    return object && typeof object === "object" ? toEpoch(pick(object, fields.time)) : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

export function parseJsonLine(line: string, fields: Record<JsonField, string>, unit: LatencyUnit): LogRecord | null {
  let object: unknown;
  try {
    object = JSON.parse(line);
  } catch {
    return null;
  }
  if (!object || typeof object !== "object" || Array.isArray(object)) return null;
  const o = object as Record<string, unknown>;
  const at = toEpoch(pick(o, fields.time));
  if (Number.isNaN(at)) return null;
  const status = Number(pick(o, fields.status));
  if (Number.isInteger(status) && status >= 100 && status <= 599) {
    const rawPath = String(pick(o, fields.path) ?? "");
    const query = rawPath.indexOf("?");
    const latency = Number(pick(o, fields.latency));
    return {
      kind: "access",
      at,
      method: String(pick(o, fields.method) ?? ""),
      path: query >= 0 ? rawPath.slice(0, query) : rawPath,
      target: rawPath,
      status,
      latencyMs: Number.isFinite(latency) ? latency * UNIT_TO_MS[unit] : null,
    };
  }
  const level = pick(o, fields.level);
  if (typeof level !== "string") return null;
  const message = String(pick(o, fields.message) ?? "");
  const tracebackText = pick(o, fields.traceback) ?? pick(o, fields.exception);
  const lines = typeof tracebackText === "string" ? tracebackText.split(/\r?\n/) : [];
  const trace = lines.some(isTracebackStart) ? parseTraceback(lines) : { frames: [], type: null, value: null };
  return {
    kind: "error",
    at,
    level: level.toUpperCase(),
    message,
    exceptionType: trace.type,
    exceptionValue: trace.value,
    frames: trace.frames,
    text: [message, ...lines].join("\n"),
  };
}
