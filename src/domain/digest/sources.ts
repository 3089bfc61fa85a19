// Digest sources of a launch: log files (glob patterns, formats detected per file among
// those the kind allows) or a Sentry project. Stored as validated JSON.
import { z } from "zod";
import { GoliveError } from "../../errors.js";
import { isValidTimezone } from "../launches/calendar.js";
import { LOG_FORMATS, type LogFormat } from "./formats.js";
import { DEFAULT_FIELD_MAP, JSON_FIELDS, type JsonField } from "./parse-jsonl.js";

/** What `digest source add <kind>` accepts, and the formats each kind's files may be in. */
export const LOG_KINDS: Record<string, readonly LogFormat[]> = {
  logs: LOG_FORMATS,
  nginx: ["access", "nginx-error"],
  gunicorn: ["access", "gunicorn-error"],
  access: ["access"],
  "nginx-error": ["nginx-error"],
  "gunicorn-error": ["gunicorn-error"],
  django: ["django"],
  jsonl: ["jsonl"],
};

export const logsConfigSchema = z.object({
  patterns: z.array(z.string().min(1)).min(1),
  formats: z.array(z.enum(LOG_FORMATS)).min(1),
  /** For times written without an offset (Django, nginx's error log); the launch's timezone when absent. */
  timezone: z.string().optional(),
  latencyUnit: z.enum(["s", "ms", "us"]).default("s"),
  fields: z.partialRecord(z.enum(JSON_FIELDS), z.string()).default({}),
});

export const sentryConfigSchema = z.object({
  url: z.url({ protocol: /^https?$/ }),
  org: z.string().regex(/^[\w.-]{1,100}$/),
  project: z.string().regex(/^[\w.-]{1,100}$/),
  tokenEnv: z.string().regex(/^[A-Z_][A-Z0-9_]{0,100}$/),
});

export type LogsConfig = z.infer<typeof logsConfigSchema>;
export type SentryConfig = z.infer<typeof sentryConfigSchema>;

export type DigestSource =
  | { id: number; name: string; kind: "logs"; config: LogsConfig }
  | { id: number; name: string; kind: "sentry"; config: SentryConfig };

export function fieldMapOf(config: LogsConfig): Record<JsonField, string> {
  return { ...DEFAULT_FIELD_MAP, ...config.fields };
}

/** `time=ts,status=http.status` → a field map; a clear error for anything else. */
export function parseFieldMap(text: string | undefined): Partial<Record<JsonField, string>> {
  if (!text) return {};
  const map: Partial<Record<JsonField, string>> = {};
  for (const pair of text.split(",").map((p) => p.trim()).filter(Boolean)) {
    const [ours, theirs] = pair.split("=").map((s) => s?.trim());
    if (!ours || !theirs || !(JSON_FIELDS as readonly string[]).includes(ours)) {
      throw new GoliveError("usage", `--fields: "${pair}" is not <field>=<their name>.`, `Fields: ${JSON_FIELDS.join(", ")}; e.g. --fields time=ts,status=http.status,path=request.path`);
    }
    map[ours as JsonField] = theirs;
  }
  return map;
}

export interface LogsSourceInput {
  kind: string;
  patterns: string[];
  format?: string;
  timezone?: string;
  latencyUnit?: string;
  fields?: string;
}

export function logsConfigFrom(input: LogsSourceInput): LogsConfig {
  const allowed = LOG_KINDS[input.kind];
  if (!allowed) throw new GoliveError("usage", `"${input.kind}" is not a source kind.`, `Kinds: ${[...Object.keys(LOG_KINDS), "sentry"].join(", ")}`);
  if (input.patterns.length === 0) throw new GoliveError("usage", "Give the log files: a path or a glob pattern.", `e.g. digest source add ${input.kind} /var/log/nginx/access.log`);
  let formats = allowed;
  if (input.format) {
    const format = input.format as LogFormat;
    if (!LOG_FORMATS.includes(format)) throw new GoliveError("usage", `--format "${input.format}" is not a log format.`, `Formats: ${LOG_FORMATS.join(", ")}`);
    formats = [format];
  }
  if (input.timezone && !isValidTimezone(input.timezone)) throw new GoliveError("usage", `--tz "${input.timezone}" is not a timezone.`, "Use an IANA name such as Europe/London or UTC.");
  const unit = input.latencyUnit ?? "s";
  if (!["s", "ms", "us"].includes(unit)) throw new GoliveError("usage", `--latency-unit "${unit}" is not s, ms or us.`);
  return logsConfigSchema.parse({
    patterns: input.patterns,
    formats: [...formats],
    timezone: input.timezone,
    latencyUnit: unit,
    fields: parseFieldMap(input.fields),
  });
}

export function sentryConfigFrom(input: { url?: string; org?: string; project?: string; tokenEnv?: string }): SentryConfig {
  const missing = (["org", "project"] as const).filter((k) => !input[k]);
  if (missing.length > 0 || !input.tokenEnv) {
    throw new GoliveError("usage", `A Sentry source needs ${[...missing.map((m) => `--${m}`), ...(input.tokenEnv ? [] : ["--token-env"])].join(", ")}.`, "e.g. digest source add sentry --org acme --project osce --token-env SENTRY_TOKEN");
  }
  if (/^(sntrys_|sntryu_)|^[0-9a-f]{64}$/.test(input.tokenEnv)) {
    throw new GoliveError("usage", "--token-env takes the NAME of an environment variable, not the token itself.", "Put the token in a variable (e.g. SENTRY_TOKEN) and give its name: --token-env SENTRY_TOKEN");
  }
  const parsed = sentryConfigSchema.safeParse({ url: input.url ?? "https://sentry.io", org: input.org, project: input.project, tokenEnv: input.tokenEnv });
  if (!parsed.success) {
    const field = String(parsed.error.issues[0]!.path[0]);
    const flag = field === "tokenEnv" ? "--token-env" : `--${field}`;
    const hint = field === "tokenEnv" ? "An environment variable name: capital letters, digits and _." : field === "url" ? "e.g. --url https://sentry.example.com" : "Letters, digits, -, _ and . only.";
    throw new GoliveError("usage", `${flag} is not valid.`, hint);
  }
  return parsed.data;
}

export function describeSource(source: DigestSource): string {
  if (source.kind === "sentry") return `Sentry ${source.config.org}/${source.config.project} at ${new URL(source.config.url).host} (token in $${source.config.tokenEnv})`;
  const formats = source.config.formats.length === LOG_FORMATS.length ? "any format" : source.config.formats.join(" or ");
  return `${source.config.patterns.join(" ")} (${formats}${source.config.timezone ? `, times in ${source.config.timezone}` : ""})`;
}
