import { randomUUID } from "node:crypto";
import { dateIn } from "../src/domain/launches/calendar.js";
import { resolveLaunchFor } from "../src/domain/launches/launches.js";
import { DEFAULT_ROLE, requireRole } from "../src/domain/launches/roles.js";
import { expireWaivers } from "../src/domain/launches/waivers.js";
import { GoliveError, isGoliveError } from "../src/errors.js";
import { jsonError, type Reply, reply } from "../src/render/reply.js";
import type { LaunchVersions } from "../src/storage/launch-rows.js";
import type { RequestClaim } from "../src/storage/launches-repo.js";
import { slackRequestsRepo } from "../src/storage/slack-requests-repo.js";
import { bindArgs, tokenize } from "./args.js";
import type { Command, CommandContext, Token } from "./types.js";

export type RequestContext = Omit<CommandContext, "launchName" | "public"> & {
  /** A request id (a Slack command's) recorded as handled in the command's first statement: a re-sent request runs nothing. */
  claim?: RequestClaim;
};

export interface Dispatched {
  reply: Reply;
  /** The command that ran (e.g. `check`), if the line named one. */
  command?: Command;
  /** The request was handled before (its claim was taken): nothing ran, and nothing is to be answered. */
  duplicate?: true;
}

const DUPLICATE: Dispatched = { reply: reply.ok("This request was handled before."), duplicate: true };

/** Runs one line (`/golive check 4.2`) as the actor: parse, resolve launch, check role, run. With `--json`, errors are JSON too. */
export async function dispatch(commands: Command[], request: RequestContext, line: string): Promise<Dispatched> {
  const result = await dispatchLine(commands, request, line);
  return !result.reply.ok && result.reply.format !== "json" && wantsJson(line) ? { ...result, reply: jsonError(result.reply) } : result;
}

function wantsJson(line: string): boolean {
  try {
    return tokenize(line).some((t) => !t.quoted && t.value === "--json");
  } catch {
    return /(^|\s)--json(\s|$)/.test(line);
  }
}

async function dispatchLine(commands: Command[], request: RequestContext, line: string): Promise<Dispatched> {
  let command: Command | undefined;
  try {
    const tokens = tokenize(line.replace(/^\s*\/?golive\b/i, ""));
    const { rest, launchName, isPublic } = takeGlobalFlags(tokens);
    command = findCommand(commands, rest);
    if (!command) return { reply: unknownCommand(commands, rest) };
    const args = bindArgs(command, rest.slice(command.name.split(" ").length));
    const { claim, ...base } = request;
    const ctx: CommandContext = { ...base, launchName, public: isPublic };
    const { db, clock } = ctx.services;
    let result: Reply;
    if (command.scope === "global") {
      if (claim && !(await slackRequestsRepo.claim(db, claim.key, claim.at))) return DUPLICATE;
      result = await command.run(args, ctx);
    } else {
      const found = await resolveLaunchFor(db, { name: launchName, surface: ctx.actor.surface, conversation: ctx.conversation, principal: ctx.actor.id, claim });
      if ("duplicate" in found) return DUPLICATE;
      const { launch } = found;
      const role = found.role ?? DEFAULT_ROLE;
      requireRole(role, command.role, command.name, launch);
      if (launch.archivedAt && command.role !== "viewer") {
        return { command, reply: reply.error(`Launch ${launch.name} is archived; it can be read but not changed.`, undefined, "conflict") };
      }
      const now = clock.now();
      const today = dateIn(launch.timezone, now);
      let versions: LaunchVersions | undefined = found.versions;
      // Items are read for waivers only when one has ended; a re-opened item makes the versions stale.
      if (found.earliestWaiver !== null && found.earliestWaiver < today && (await expireWaivers(db, launch, today, now)).length > 0) versions = undefined;
      result = await command.run(args, { ...ctx, launch, role, versions });
    }
    return { command, reply: isPublic && result.ok ? { ...result, visibility: "public" } : result };
  } catch (error) {
    return { command, reply: errorReply(error, request) };
  }
}

function takeGlobalFlags(tokens: Token[]) {
  const rest: Token[] = [];
  let launchName: string | undefined;
  let isPublic = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (!t.quoted && t.value === "--public") isPublic = true;
    else if (!t.quoted && t.value.startsWith("--launch=")) {
      launchName = t.value.slice("--launch=".length);
      if (!launchName) throw new GoliveError("usage", "--launch needs a value: the launch's name.", "For example: status --launch=osce-prod (see `launch list`).");
    }
    else if (!t.quoted && t.value === "--launch") {
      const next = tokens[++i];
      if (!next || (!next.quoted && next.value.startsWith("--"))) throw new GoliveError("usage", "--launch needs a value: the launch's name.", "For example: status --launch osce-prod (see `launch list`).");
      launchName = next.value;
    }
    else rest.push(t);
  }
  return { rest, launchName, isPublic };
}

function findCommand(commands: Command[], tokens: Token[]): Command | undefined {
  const [first, second] = tokens.map((t) => t.value.toLowerCase());
  if (!first) return commands.find((c) => c.name === "help");
  return commands.find((c) => c.name === `${first} ${second}`) ?? commands.find((c) => c.name === first);
}

function unknownCommand(commands: Command[], tokens: Token[]): Reply {
  const word = tokens[0]?.value ?? "";
  const group = commands.filter((c) => c.name.startsWith(`${word.toLowerCase()} `));
  if (group.length > 0) {
    return reply.error(`\`${word}\` needs a subcommand: ${group.map((c) => c.name.split(" ")[1]).join(", ")}.`, `For example: ${group[0]!.examples[0]}`, "usage");
  }
  const near = commands.map((c) => c.name).filter((n) => distance(n.split(" ")[0]!, word.toLowerCase()) <= 2);
  const hint = near.length > 0 ? `Did you mean \`${near[0]}\`? ` : "";
  return reply.error(`Unknown command \`${word}\`.`, `${hint}Type \`help\` to see the commands.`, "usage");
}

function errorReply(error: unknown, request: RequestContext): Reply {
  if (isGoliveError(error)) {
    const r = reply.error(error.message, error.hint, error.code);
    if (error.details.length > 0) r.blocks.splice(1, 0, { kind: "text", text: error.details.join("\n") });
    return r;
  }
  const id = randomUUID().slice(0, 8);
  request.services.log.error({ err: error, errorId: id }, "command failed");
  return reply.error(`Something went wrong on our side (error ${id}); nothing was changed.`, "Try again; if it keeps failing, give the error id to whoever runs golive.", "internal");
}

function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)] as number[]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length]![b.length]!;
}
