// What the parsers produce from log lines: a request (access logs, JSON lines with a
// status) or an error (error logs, tracebacks, JSON lines with a level).

export interface AccessRecord {
  kind: "access";
  /** Epoch milliseconds. */
  at: number;
  method: string;
  /** The path without its query string. */
  path: string;
  /** The request target as logged (with the query string), for the sensitive-data scan. */
  target: string;
  status: number;
  /** Milliseconds, when the log carries it. */
  latencyMs: number | null;
}

export interface StackFrame {
  file: string;
  line: number;
  function: string;
  inApp: boolean;
}

export interface ErrorRecord {
  kind: "error";
  at: number;
  level: string;
  /** The log message (first line). */
  message: string;
  /** The exception's type and value when a traceback came with it. */
  exceptionType: string | null;
  exceptionValue: string | null;
  frames: StackFrame[];
  /** The whole record as logged (header and traceback lines), kept for `digest show`. */
  text: string;
}

export type LogRecord = AccessRecord | ErrorRecord;

/** Where a record came from: the file and the line it starts on (1-based). */
export interface Origin {
  file: string;
  line: number;
}
