import { existsSync, readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { GoliveError } from "./errors.js";

const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === "" ? undefined : v), schema.optional());

const postgresUrl = z.string().refine((v) => {
  try {
    return ["postgres:", "postgresql:"].includes(new URL(v).protocol);
  } catch {
    return false;
  }
}, "must be a postgres:// or postgresql:// URL");

export const ConfigSchema = z.object({
  DATABASE_URL: optional(postgresUrl),
  GOLIVE_DATA_DIR: z.string().min(1).default(".golive"),
  GOLIVE_USER: optional(z.string().regex(/^[\w.-]{1,64}$/, "must be a user name (letters, digits, . _ -)")),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  NODE_ENV: z.string().default("development"),
  PORT: z.coerce.number().int().min(1).max(65_535).default(3000),
  SLACK_BOT_TOKEN: optional(z.string().regex(/^xoxb-[\w-]+$/, "must be a bot token starting with xoxb-")),
  SLACK_SIGNING_SECRET: optional(z.string().regex(/^[0-9a-f]{32}$/i, "must be the 32-character hex signing secret from the app's Basic Information page")),
  SLACK_APP_TOKEN: optional(z.string().regex(/^xapp-[\w-]+$/, "must be an app-level token starting with xapp-")),
  MICROSOFT_APP_ID: optional(z.uuid("must be the bot's Microsoft App ID (a GUID)")),
  MICROSOFT_APP_PASSWORD: optional(z.string().min(1)),
  MICROSOFT_APP_TENANT_ID: optional(z.string().min(1)),
  MICROSOFT_APP_TYPE: optional(z.enum(["MultiTenant", "SingleTenant", "UserAssignedMSI"])),
  GOLIVE_PG_BIN_DIR: optional(z.string().min(1)),
  GOLIVE_TEAMS_ALLOW_UNAUTHENTICATED: z.enum(["true", "false"]).default("false").transform((v) => v === "true"),
});

export type Config = z.infer<typeof ConfigSchema>;

const SECRET = /TOKEN|SECRET|PASSWORD|DATABASE_URL/;

/**
 * Reads the environment over an optional golive.config.yaml (same keys). A bad value is
 * one clear line naming the variable and what is expected; a secret's value is never echoed.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, file = env.GOLIVE_CONFIG ?? "golive.config.yaml"): Config {
  let fromFile: Record<string, unknown> = {};
  if (existsSync(file)) {
    try {
      const parsed = parseYaml(readFileSync(file, "utf8"));
      if (parsed !== null && (typeof parsed !== "object" || Array.isArray(parsed))) throw new Error("not a mapping");
      fromFile = (parsed as Record<string, unknown>) ?? {};
    } catch (error) {
      throw new GoliveError("config", `${file} is not valid YAML (${(error as Error).message.split("\n")[0]}).`, "Write it as KEY: value lines, e.g. LOG_LEVEL: debug");
    }
  }
  const known = Object.keys(ConfigSchema.shape);
  const unknown = Object.keys(fromFile).filter((k) => !known.includes(k));
  if (unknown.length > 0) throw new GoliveError("config", `${file}: unknown setting ${unknown[0]}.`, `Known settings: ${known.join(", ")}`);
  const merged: Record<string, unknown> = { ...fromFile };
  for (const key of known) if (env[key] !== undefined) merged[key] = env[key];
  const result = ConfigSchema.safeParse(merged);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const key = String(issue.path[0]);
  const got = SECRET.test(key) ? "" : merged[key] === undefined ? "" : ` (got "${String(merged[key])}")`;
  throw new GoliveError("config", `Invalid configuration: ${key} ${issue.message}${got}.`);
}
