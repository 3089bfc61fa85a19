// Real log text as nginx, gunicorn and Django write it, for tests that write files.
import { utimesSync, writeFileSync } from "node:fs";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number, w = 2) => String(n).padStart(w, "0");

/** `24/Nov/2026:09:00:01 +0000` (UTC). */
export function clfTime(at: Date): string {
  return `${pad(at.getUTCDate())}/${MONTHS[at.getUTCMonth()]}/${at.getUTCFullYear()}:${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())} +0000`;
}

export function accessLine(at: Date, method: string, target: string, status: number, seconds: number | null = 0.05, ip = "203.0.113.7"): string {
  const timing = seconds === null ? "" : ` ${seconds.toFixed(3)}`;
  return `${ip} - - [${clfTime(at)}] "${method} ${target} HTTP/1.1" ${status} 512 "https://osce.example.com/" "Mozilla/5.0 (X11; Linux x86_64)"${timing}`;
}

const isoLocal = (at: Date) => `${at.getUTCFullYear()}-${pad(at.getUTCMonth() + 1)}-${pad(at.getUTCDate())} ${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())}`;

export const TRACEBACK_VALUE_ERROR = [
  "Traceback (most recent call last):",
  '  File "/srv/osce/venv/lib/python3.11/site-packages/django/core/handlers/exception.py", line 55, in inner',
  "    response = get_response(request)",
  '  File "/srv/osce/venv/lib/python3.11/site-packages/django/core/handlers/base.py", line 197, in _get_response',
  "    response = wrapped_callback(request, *callback_args, **callback_kwargs)",
  '  File "/srv/osce/exams/views.py", line 142, in submit',
  '    score = int(request.POST["score"])',
  "ValueError: invalid literal for int() with base 10: 'abc'",
];

export const TRACEBACK_DB = [
  "Traceback (most recent call last):",
  '  File "/srv/osce/exams/models.py", line 88, in save',
  "    super().save(*args, **kwargs)",
  '  File "/srv/osce/venv/lib/python3.11/site-packages/django/db/backends/utils.py", line 89, in _execute',
  "    return self.cursor.execute(sql, params)",
  'django.db.utils.OperationalError: could not connect to server: Connection refused on 10.0.0.5:5432',
];

/** gunicorn's error log: a request that failed, with its traceback. */
export function gunicornError(at: Date, path: string, traceback = TRACEBACK_VALUE_ERROR, pid = 4242): string[] {
  return [`[${isoLocal(at)} +0000] [${pid}] [ERROR] Error handling request ${path}`, ...traceback];
}

export function gunicornInfo(at: Date, message: string, pid = 4242): string {
  return `[${isoLocal(at)} +0000] [${pid}] [INFO] ${message}`;
}

/** Django's "verbose" formatter: `{levelname} {asctime} {module} {process:d} {thread:d} {message}`. */
export function djangoError(at: Date, path: string, traceback = TRACEBACK_DB): string[] {
  return [`ERROR ${isoLocal(at)},123 log 4242 140231 Internal Server Error: ${path}`, ...traceback];
}

export function nginxError(at: Date, message: string, level = "error"): string {
  const d = `${at.getUTCFullYear()}/${pad(at.getUTCMonth() + 1)}/${pad(at.getUTCDate())} ${pad(at.getUTCHours())}:${pad(at.getUTCMinutes())}:${pad(at.getUTCSeconds())}`;
  return `${d} [${level}] 31#31: *1234 ${message}, client: 203.0.113.7, server: osce.example.com, request: "GET /api/exams/ HTTP/1.1", upstream: "http://127.0.0.1:8000/api/exams/", host: "osce.example.com"`;
}

/** Writes lines and sets the file's times to `mtime` (rotated files keep theirs). */
export function writeLog(path: string, lines: readonly string[], mtime?: Date, trailingNewline = true): void {
  writeFileSync(path, lines.join("\n") + (trailingNewline && lines.length > 0 ? "\n" : ""));
  if (mtime) utimesSync(path, mtime, mtime);
}

export const at = (iso: string) => new Date(iso);
export const minutesAfter = (base: Date, minutes: number) => new Date(base.getTime() + minutes * 60_000);
