// What may come next on a command line, for tab completion in the shell: command words,
// flags of the command being typed, and the values golive knows (item and section refs of
// the launch, launch names, checklist ids, job names).
import { listShippedChecklists } from "../src/domain/checklist/catalog.js";
import { resolveLaunch } from "../src/domain/launches/launches.js";
import { launchJobs } from "../src/jobs/registry.js";
import { checklistsRepo } from "../src/storage/checklists-repo.js";
import { itemsRepo } from "../src/storage/items-repo.js";
import { launchesRepo } from "../src/storage/launches-repo.js";
import type { RequestContext } from "./dispatch.js";
import type { Command } from "./types.js";

const GLOBAL_FLAGS = ["--launch", "--public"];

type Values = (request: RequestContext, launchName: string | undefined) => Promise<string[]>;

const launchNames: Values = async ({ services }) => (await launchesRepo.list(services.db)).map((l) => l.name);
const checklistIds: Values = async ({ services }) => [
  ...listShippedChecklists().map((c) => c.id),
  ...(await checklistsRepo.list(services.db)).map((c) => c.id),
];
const jobNames: Values = async () => launchJobs.map((j) => j.name);

async function launchOf(request: RequestContext, name: string | undefined) {
  try {
    return await resolveLaunch(request.services.db, { name, surface: request.actor.surface, conversation: request.conversation });
  } catch {
    return null;
  }
}

const itemRefs: Values = async (request, name) => {
  const launch = await launchOf(request, name);
  return launch ? (await itemsRepo.list(request.services.db, launch.id)).map((i) => i.ref) : [];
};
const sectionRefs: Values = async (request, name) => {
  const launch = await launchOf(request, name);
  return launch ? (await launchesRepo.sections(request.services.db, launch.id)).map((s) => s.ref) : [];
};

/** Values of a flag, by flag name. */
const FLAG_VALUES: Record<string, Values> = {
  launch: launchNames,
  checklist: checklistIds,
  require: async () => ["attested", "verified"],
};

/** Values of a command's first positional, by positional name (or by command for the few that differ). */
function positionalValues(command: Command, commands: Command[]): Values | null {
  const byCommand: Record<string, Values> = {
    "launch use": launchNames,
    "checklist show": checklistIds,
    "jobs run": jobNames,
    "jobs history": jobNames,
    help: async () => [...new Set(commands.map((c) => c.name.split(" ")[0]!))],
  };
  if (byCommand[command.name]) return byCommand[command.name]!;
  const first = command.positionals?.[0]?.name;
  if (first === "target") return itemRefs;
  if (first === "section") return sectionRefs;
  return null;
}

/**
 * The candidates for the last word of `line` (the text before the cursor), sorted. `extraWords`
 * are words the surface adds to the first position (the shell's `exit`).
 */
export async function completeLine(commands: Command[], request: RequestContext, line: string, extraWords: string[] = []): Promise<string[]> {
  const words = line.replace(/^\s*\/?golive\b/i, "").trimStart().split(/\s+/);
  const current = words.pop() ?? "";
  const launchAt = words.lastIndexOf("--launch");
  const launchName = launchAt >= 0 ? words[launchAt + 1] : words.find((w) => w.startsWith("--launch="))?.slice("--launch=".length);
  const plain = words.filter((w, i) => !w.startsWith("--") && words[i - 1] !== "--launch");
  const candidates = await candidatesFor(commands, request, plain, words.at(-1), current, launchName, extraWords);
  return [...new Set(candidates)].filter((c) => c.startsWith(current)).sort();
}

async function candidatesFor(
  commands: Command[],
  request: RequestContext,
  plain: string[],
  previous: string | undefined,
  current: string,
  launchName: string | undefined,
  extraWords: string[],
): Promise<string[]> {
  const [first, second] = plain.map((w) => w.toLowerCase());
  const command = commands.find((c) => c.name === `${first} ${second}`) ?? commands.find((c) => c.name === first);
  if (previous?.startsWith("--")) {
    const flag = previous.slice(2);
    const type = flag === "launch" ? "string" : command?.flags?.[flag];
    if (type === "string") return (await FLAG_VALUES[flag]?.(request, launchName)) ?? [];
  }
  if (plain.length === 0 && !current.startsWith("-")) return [...new Set(commands.map((c) => c.name.split(" ")[0]!)), ...extraWords];
  if (current.startsWith("-")) return [...Object.keys(command?.flags ?? {}).map((f) => `--${f}`), ...GLOBAL_FLAGS];
  const subcommands = plain.length === 1 ? commands.filter((c) => c.name.startsWith(`${first} `)).map((c) => c.name.split(" ")[1]!) : [];
  const values = command && plain.length === command.name.split(" ").length ? positionalValues(command, commands) : null;
  return [...subcommands, ...(values ? await values(request, launchName) : [])];
}
