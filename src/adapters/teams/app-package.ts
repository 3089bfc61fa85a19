// Builds the Microsoft Teams app package: manifest.json (schema 1.19) and the two icons, zipped.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { strToU8, zipSync } from "fflate";
import { z } from "zod";
import { GoliveError } from "../../errors.js";

export const TEAMS_MANIFEST_SCHEMA =
  "https://developer.microsoft.com/en-us/json-schemas/teams/v1.19/MicrosoftTeams.schema.json";
/** Teams limits: a command list holds 10 commands; titles 32 and descriptions 128 characters. */
export const MAX_COMMANDS_PER_LIST = 10;
export const MAX_COMMAND_TITLE = 32;
export const MAX_COMMAND_DESCRIPTION = 128;
const BOT_SCOPES = ["personal", "team", "groupChat"] as const;
const ICON_FILES = ["color.png", "outline.png"] as const;

export interface TeamsPackageProblem {
  /** The option at fault, e.g. `botId` or `validDomains.0`. */
  field: string;
  message: string;
}

/** A configuration error (code `config`) that lists every option at fault. */
export class TeamsPackageConfigError extends GoliveError {
  constructor(readonly problems: TeamsPackageProblem[]) {
    super("config", `cannot build the Teams app package:\n- ${problems.map((p) => `${p.field}: ${p.message}`).join("\n- ")}`);
    this.name = "TeamsPackageConfigError";
  }
}

const HOSTNAME = /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/i;
// Teams accepts plain MAJOR.MINOR.PATCH only (no pre-release or build suffix).
const TEAMS_SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/;

const optionsSchema = z.object({
  botId: z.guid({
    error: "must be the Microsoft App ID of the bot registration, a GUID like 00000000-0000-0000-0000-000000000000",
  }),
  commands: z
    .array(z.object({ name: z.string().trim().min(1), summary: z.string() }))
    .min(1, { error: "at least one command is needed for the bot's command list" }),
  validDomains: z
    .array(z.string().regex(HOSTNAME, { error: "a valid domain is a host name like golive.example.com (no scheme, no path)" }))
    .max(16, { error: "Teams allows at most 16 valid domains" })
    .default([]),
  version: z
    .string()
    .regex(TEAMS_SEMVER, { error: "the app version must be MAJOR.MINOR.PATCH, e.g. 1.2.0" })
    .optional(),
  developer: z
    .object({
      name: z.string().min(1).max(32),
      websiteUrl: z.url({ protocol: /^https$/, error: "developer URLs must be https URLs" }),
      privacyUrl: z.url({ protocol: /^https$/, error: "developer URLs must be https URLs" }),
      termsOfUseUrl: z.url({ protocol: /^https$/, error: "developer URLs must be https URLs" }),
    })
    .partial()
    .optional(),
});

export type TeamsPackageOptions = z.input<typeof optionsSchema>;

export interface TeamsCommand {
  title: string;
  description: string;
}

export interface TeamsManifest {
  $schema: typeof TEAMS_MANIFEST_SCHEMA;
  manifestVersion: "1.19";
  version: string;
  id: string;
  developer: { name: string; websiteUrl: string; privacyUrl: string; termsOfUseUrl: string };
  name: { short: string; full: string };
  description: { short: string; full: string };
  icons: { color: "color.png"; outline: "outline.png" };
  accentColor: string;
  bots: {
    botId: string;
    scopes: (typeof BOT_SCOPES)[number][];
    supportsFiles: boolean;
    isNotificationOnly: boolean;
    commandLists: { scopes: (typeof BOT_SCOPES)[number][]; commands: TeamsCommand[] }[];
  }[];
  permissions: ("identity" | "messageTeamMembers")[];
  validDomains: string[];
}

const FULL_DESCRIPTION = [
  "golive takes a web application through go-live from your team's channel.",
  "It turns your production-readiness checklist into shared, live state: who owns each item, what is blocked and why,",
  "what is overdue. It verifies what it can by itself, records who did what and when, runs backup and restore drills,",
  "speaks in the launch channel on launch day, digests error logs during the week after, and pages the on-call",
  "engineer when something breaks. Type `help` to the bot to see every command.",
].join(" ");

export function buildTeamsManifest(input: TeamsPackageOptions): TeamsManifest {
  const opts = parseOptions(input);
  const validDomains = [...new Set(opts.validDomains.map((domain) => domain.toLowerCase()))];
  const site = validDomains.find((domain) => !domain.startsWith("*.")) ?? "localhost";
  const developer = {
    name: "golive",
    websiteUrl: `https://${site}/`,
    privacyUrl: `https://${site}/privacy`,
    termsOfUseUrl: `https://${site}/terms`,
    ...opts.developer,
  };
  const commands = opts.commands.slice(0, MAX_COMMANDS_PER_LIST).map((command) => ({
    title: cut(command.name.trim(), MAX_COMMAND_TITLE),
    description: cut(command.summary.trim() || command.name.trim(), MAX_COMMAND_DESCRIPTION),
  }));

  return {
    $schema: TEAMS_MANIFEST_SCHEMA,
    manifestVersion: "1.19",
    version: opts.version ?? packageVersion(),
    id: opts.botId,
    developer,
    name: { short: "golive", full: "golive — go-live checklist and launch bot" },
    description: {
      short: "Take web apps through go-live: checklist, audits, drills, launch day.",
      full: FULL_DESCRIPTION,
    },
    icons: { color: "color.png", outline: "outline.png" },
    accentColor: "#2E7D32",
    bots: [
      {
        botId: opts.botId,
        scopes: [...BOT_SCOPES],
        supportsFiles: false,
        isNotificationOnly: false,
        // Teams wants one command list per scope.
        commandLists: BOT_SCOPES.map((scope) => ({ scopes: [scope], commands: commands.map((c) => ({ ...c })) })),
      },
    ],
    permissions: ["identity", "messageTeamMembers"],
    validDomains,
  };
}

/** The zip to upload in Teams (Apps → Manage your apps → Upload an app). */
export function buildTeamsAppPackage(input: TeamsPackageOptions): Uint8Array {
  const manifest = buildTeamsManifest(input);
  const files: Record<string, Uint8Array> = { "manifest.json": strToU8(`${JSON.stringify(manifest, null, 2)}\n`) };
  for (const icon of ICON_FILES) files[icon] = readFileSync(new URL(`./icons/${icon}`, import.meta.url));
  return zipSync(files, { level: 9 });
}

function parseOptions(input: TeamsPackageOptions) {
  const result = optionsSchema.safeParse(input);
  if (result.success) return result.data;
  throw new TeamsPackageConfigError(
    result.error.issues.map((issue) => ({ field: issue.path.join(".") || "options", message: issue.message })),
  );
}

function cut(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

/** The version of golive itself, found by walking up to our package.json (works from src and from a build). */
function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, "package.json");
    if (existsSync(candidate)) {
      const pkg = JSON.parse(readFileSync(candidate, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "golive" && pkg.version && TEAMS_SEMVER.test(pkg.version)) return pkg.version;
    }
    const parent = dirname(dir);
    if (parent === dir) {
      throw new TeamsPackageConfigError([{ field: "version", message: "golive's package.json was not found: pass it" }]);
    }
    dir = parent;
  }
}
