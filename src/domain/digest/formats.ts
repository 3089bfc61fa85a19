// The log formats golive reads, how each is recognised, and how its lines become records.
import type { WindowAggregate } from "./aggregate.js";
import { type LatencyUnit, accessLineTime, parseAccessLine } from "./parse-access.js";
import { type JsonField, jsonLineTime, parseJsonLine } from "./parse-jsonl.js";
import { NGINX_ERROR_LEVELS, nginxErrorTime, parseNginxErrorLine } from "./parse-nginx-error.js";
import { djangoHeader, ERROR_LEVELS, gunicornHeader, type Header, pythonRecord } from "./parse-python.js";
import type { LogRecord } from "./records.js";
import { scanLine } from "./sensitive.js";

export const LOG_FORMATS = ["access", "nginx-error", "gunicorn-error", "django", "jsonl"] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export const FORMAT_NAMES: Record<LogFormat, string> = {
  access: "access log (nginx/gunicorn combined)",
  "nginx-error": "nginx error log",
  "gunicorn-error": "gunicorn error log",
  django: "Django log",
  jsonl: "JSON lines",
};

export interface FormatOptions {
  /** For timestamps written without an offset (Django, nginx's error log). */
  timezone: string;
  latencyUnit: LatencyUnit;
  fields: Record<JsonField, string>;
}

/** The time of a line that starts a record, NaN for any other line. */
export function lineTimeOf(format: LogFormat, options: FormatOptions): (line: string) => number {
  switch (format) {
    case "access":
      return accessLineTime;
    case "nginx-error":
      return (line) => nginxErrorTime(line, options.timezone);
    case "gunicorn-error":
      return (line) => gunicornHeader(line)?.at ?? Number.NaN;
    case "django":
      return (line) => djangoHeader(line, options.timezone)?.at ?? Number.NaN;
    case "jsonl":
      return (line) => (line.startsWith("{") ? jsonLineTime(line, options.fields) : Number.NaN);
  }
}

/** The format most of the first lines are in (among `allowed`), or null. */
export function detectFormat(lines: readonly string[], allowed: readonly LogFormat[], options: FormatOptions): LogFormat | null {
  const sample = lines.filter((line) => line.trim() !== "").slice(0, 50);
  let best: LogFormat | null = null;
  let bestHits = 0;
  for (const format of allowed) {
    const time = lineTimeOf(format, options);
    const hits = sample.filter((line) => !Number.isNaN(time(line))).length;
    if (hits > bestHits) [best, bestHits] = [format, hits];
  }
  return best;
}

export interface RecordSink {
  aggregate: WindowAggregate;
  file: string;
  /** Reading started mid-file (after a seek): lines before the first record are skipped quietly. */
  midFile: boolean;
}

export interface LineConsumer {
  line(text: string, lineNo: number): void;
  end(): void;
}

const MAX_RECORD_LINES = 300;

function hasControlBytes(text: string): boolean {
  return text.includes("\u0000") || text.includes("\ufffd");
}

/** A consumer for one file in one format: parses, places in the window, scans for sensitive data. */
export function consumerFor(format: LogFormat, options: FormatOptions, sink: RecordSink): LineConsumer {
  const { aggregate, file } = sink;
  const malformed = (lineNo: number, why: string) => aggregate.addMalformed({ file, line: lineNo }, why);
  const scan = (text: string, lineNo: number) => {
    const findings = scanLine(text);
    if (findings.length > 0) aggregate.addFindings(findings, { file, line: lineNo });
  };
  const place = (record: LogRecord, lineNo: number, lines: readonly string[]) => {
    const where = aggregate.placeOf(record.at);
    if (where === null) return;
    if (record.kind === "access") aggregate.addAccess(record);
    else if (where === "current" && (ERROR_LEVELS.has(record.level) || (format === "nginx-error" && NGINX_ERROR_LEVELS.has(record.level)))) {
      aggregate.addError(record, { file, line: lineNo });
    }
    if (where === "current") for (const [i, text] of lines.entries()) scan(text, lineNo + i);
  };

  if (format === "gunicorn-error" || format === "django") {
    const header = format === "gunicorn-error" ? gunicornHeader : (line: string) => djangoHeader(line, options.timezone);
    let current: { header: Header; lineNo: number; lines: string[] } | null = null;
    let seenRecord = !sink.midFile;
    const flush = () => {
      if (current) place(pythonRecord(current.header, current.lines), current.lineNo, current.lines);
      current = null;
    };
    return {
      line(text, lineNo) {
        const parsed = text.charCodeAt(0) === 91 || format === "django" ? header(text) : null;
        if (parsed) {
          flush();
          seenRecord = true;
          current = { header: parsed, lineNo, lines: [text] };
          return;
        }
        if (text.trim() === "") return;
        if (hasControlBytes(text)) return malformed(lineNo, "binary data");
        if (current && current.lines.length < MAX_RECORD_LINES) current.lines.push(text);
        else if (!current && seenRecord) malformed(lineNo, `not a ${FORMAT_NAMES[format]} line`);
      },
      end: flush,
    };
  }

  const parse =
    format === "access"
      ? (text: string) => parseAccessLine(text, options.latencyUnit)
      : format === "nginx-error"
        ? (text: string) => parseNginxErrorLine(text, options.timezone)
        : (text: string) => parseJsonLine(text, options.fields, options.latencyUnit);
  const single = [""];
  return {
    line(text, lineNo) {
      const record = parse(text);
      if (!record) {
        if (text.trim() !== "") malformed(lineNo, hasControlBytes(text) ? "binary data" : `not a ${FORMAT_NAMES[format]} line`);
        return;
      }
      single[0] = text;
      place(record, lineNo, single);
    },
    end() {},
  };
}
