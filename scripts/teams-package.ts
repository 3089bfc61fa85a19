// Writes build/golive-teams.zip, the app package to upload to Microsoft Teams.
//   MICROSOFT_APP_ID=<bot app id> [GOLIVE_PUBLIC_HOST=golive.example.com] npm run teams:package
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  buildTeamsAppPackage,
  TeamsPackageConfigError,
  type TeamsPackageOptions,
} from "../src/adapters/teams/app-package.js";

const DEFAULT_OUT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "build", "golive-teams.zip");
// A variable specifier: the registry is loaded at run time, in the order `help` lists commands.
const COMMAND_REGISTRY = "../commands/index.js";

export async function writeTeamsPackage(outPath: string, opts: TeamsPackageOptions): Promise<void> {
  const zip = buildTeamsAppPackage(opts);
  await mkdir(dirname(outPath), { recursive: true });
  await writeFile(outPath, zip);
}

/** Accepts `golive.example.com` as well as `https://golive.example.com/api/messages`. */
export function publicHostName(value: string): string {
  const trimmed = value.trim();
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed)) return trimmed.replace(/[:/].*$/, "");
  // An unparsable URL is passed on as it is, for the manifest validation to reject with a clear message.
  return URL.canParse(trimmed) ? new URL(trimmed).hostname : trimmed;
}

async function loadCommands(): Promise<{ name: string; summary: string }[]> {
  let registry: { listCommands?: () => unknown };
  try {
    registry = await import(COMMAND_REGISTRY);
  } catch (error) {
    const missing = (error as { code?: string }).code === "ERR_MODULE_NOT_FOUND";
    if (!missing) throw error;
    throw new TeamsPackageConfigError([{ field: COMMAND_REGISTRY, message: `cannot be loaded: ${(error as Error).message}` }]);
  }
  if (typeof registry.listCommands !== "function") {
    throw new TeamsPackageConfigError([{ field: COMMAND_REGISTRY, message: "does not export listCommands()" }]);
  }
  const commands = registry.listCommands();
  if (!Array.isArray(commands)) {
    throw new TeamsPackageConfigError([{ field: COMMAND_REGISTRY, message: "listCommands() must return an array" }]);
  }
  return commands.map((command: { name: string; summary: string }) => ({ name: command.name, summary: command.summary }));
}

async function main(): Promise<number> {
  const botId = process.env.MICROSOFT_APP_ID?.trim();
  if (!botId) {
    console.error(
      "MICROSOFT_APP_ID is not set. Set it to the Microsoft App ID of your Azure Bot registration (a GUID) and run again.",
    );
    return 2;
  }
  const host = process.env.GOLIVE_PUBLIC_HOST?.trim();
  try {
    const commands = await loadCommands();
    await writeTeamsPackage(DEFAULT_OUT, { botId, commands, validDomains: host ? [publicHostName(host)] : [] });
  } catch (error) {
    if (error instanceof TeamsPackageConfigError) {
      const envNames: Record<string, string> = { botId: "MICROSOFT_APP_ID", "validDomains.0": "GOLIVE_PUBLIC_HOST" };
      console.error("Cannot build the Teams app package:");
      for (const problem of error.problems) console.error(`- ${envNames[problem.field] ?? problem.field}: ${problem.message}`);
      return 2;
    }
    throw error;
  }
  console.log(`wrote ${DEFAULT_OUT}: upload it in Teams under Apps → Manage your apps → Upload an app.`);
  if (!host) console.log("GOLIVE_PUBLIC_HOST is not set: the developer links in the manifest point to https://localhost/.");
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.exitCode = await main();
}
