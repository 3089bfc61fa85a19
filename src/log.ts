import { mkdirSync, renameSync, statSync } from "node:fs";
import { dirname } from "node:path";
import pino from "pino";

export type Logger = pino.Logger;

const OPTIONS: pino.LoggerOptions = {
  base: { app: "golive" },
  redact: {
    paths: ["*.token", "*.password", "*.secret", "*.signingSecret", "*.botToken", "*.appToken", "*.connectionString", "*.databaseUrl", "*.authorization", "*.headers.authorization"],
    censor: "[redacted]",
  },
};

/** JSON logs; secrets are redacted by key wherever they appear. */
export function createLogger(options: { level?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino({ ...OPTIONS, level: options.level ?? "info" }, options.destination ?? pino.destination(2));
}

/** A log file grows until it reaches this size; then it is moved to `<file>.1` at the next start. */
const MAX_LOG_BYTES = 10 * 1024 * 1024;

/**
 * The logger of the local shell and the one-shot CLI: the full JSON log goes to `file` (in the
 * data folder), and warnings and errors also to `human` as one short line, so a terminal never
 * shows JSON.
 */
export function createCliLogger(options: { level: string; file: string; human: (line: string) => void }): Logger {
  mkdirSync(dirname(options.file), { recursive: true });
  try {
    if (statSync(options.file).size > MAX_LOG_BYTES) renameSync(options.file, `${options.file}.1`);
  } catch {
    // No log file yet.
  }
  const file = pino.destination({ dest: options.file, sync: true, mode: 0o600 });
  const human = { write: (line: string) => options.human(humanLogLine(line, options.file)) };
  return pino({ ...OPTIONS, level: options.level }, pino.multistream([
    { level: options.level as pino.Level, stream: file },
    { level: "warn", stream: human },
  ]));
}

/** `{"level":40,"msg":"outbox delivery failed; will retry",…}` → `warning: outbox delivery failed; will retry`. */
export function humanLogLine(json: string, file: string): string {
  try {
    const entry = JSON.parse(json) as { level?: number; msg?: unknown; errorId?: unknown };
    const level = (entry.level ?? 40) >= 50 ? "error" : "warning";
    const id = typeof entry.errorId === "string" ? ` (error ${entry.errorId})` : "";
    const where = level === "error" ? ` — details in ${file}` : "";
    return `${level}: ${String(entry.msg ?? "")}${id}${where}`;
  } catch {
    return json.trim();
  }
}

const PASSWORD_PARAM = /\b(password|sslpassword|sslkey)(\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s&#]*)/gi;
const USERINFO = /^([a-z][\w+.-]*:\/\/)([^?#\s]*)@/i;

const decoded = (value: string) => {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
};

/**
 * Every secret a connection string carries, in every form pg accepts: the password of a URL
 * (even with an unescaped `@` in it, or no user: `postgres://:pw@host`), `?password=`,
 * `?sslpassword=`, and `password=` in a key=value string (quoted or not).
 */
export function connectionSecrets(connection: string): string[] {
  const found = new Set<string>();
  const userinfo = USERINFO.exec(connection)?.[2];
  if (userinfo?.includes(":")) found.add(userinfo.slice(userinfo.indexOf(":") + 1));
  for (const m of connection.matchAll(PASSWORD_PARAM)) {
    const raw = m[3]!;
    found.add(raw.startsWith("'") ? raw.slice(1, -1).replace(/\\(.)/g, "$1") : raw);
  }
  for (const value of [...found]) found.add(decoded(value)).add(encodeURIComponent(decoded(value)));
  return [...found].filter((v) => v.length > 0).sort((a, b) => b.length - a.length);
}

/** `text` with every secret of `connection` replaced by `***` (for error messages that may quote it). */
export function scrubConnectionSecrets(text: string, connection: string | undefined): string {
  if (!connection) return text;
  let out = text;
  for (const secret of connectionSecrets(connection)) out = out.split(secret).join("***");
  return out;
}

/** `postgres://user:secret@host/db` → `postgres://user:***@host/db` (and `password=***` in every other form), for messages. */
export function redactUrl(connection: string): string {
  const out = connection
    .replace(USERINFO, (_, scheme: string, info: string) => `${scheme}${info.includes(":") ? `${info.slice(0, info.indexOf(":"))}:***` : info}@`)
    .replace(PASSWORD_PARAM, "$1$2***");
  return scrubConnectionSecrets(out, connection);
}
