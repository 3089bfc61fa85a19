import type { z } from "zod";
import type { Clock } from "../src/clock.js";
import type { Actor, Launch, Role } from "../src/domain/launches/types.js";
import type { Logger } from "../src/log.js";
import type { Reply } from "../src/render/reply.js";
import type { Database } from "../src/storage/database.js";

export interface Services {
  db: Database;
  clock: Clock;
  log: Logger;
}

export interface Token {
  value: string;
  /** Written in quotes: `"debug false"` is one selector. */
  quoted: boolean;
}

export interface CommandContext {
  services: Services;
  actor: Actor;
  /** The conversation the command came from (a channel, a chat, `local` in the shell). */
  conversation: string;
  /** Turns a mention (`@alice`, `<@U123|alice>`) into a principal id; null if it is not one. */
  parseMention(token: string): string | null;
  /** Value of the global `--launch` flag. */
  launchName?: string;
  /** The global `--public` flag: post the answer in the channel. */
  public: boolean;
  /** Where the request came from, for records that say so (the deploy gate): `cli` on a host, `shell`… */
  origin?: { via: string; host?: string };
}

export interface LaunchContext extends CommandContext {
  launch: Launch;
  role: Role;
}

export interface Positional {
  name: string;
  /** `one` (default): a single token; `rest`: the remaining tokens joined; `tokens`: the remaining raw tokens. */
  kind?: "one" | "rest" | "tokens";
}

interface CommandBase<S extends z.ZodType> {
  /** One or two words: `status`, `launch create`. */
  name: string;
  summary: string;
  usage: string;
  examples: string[];
  positionals?: Positional[];
  /** `strings`: a flag that may be given several times (`--to a --to b` → ["a", "b"]). */
  flags?: Record<string, "string" | "boolean" | "strings">;
  /** Validates the named positionals and flags. */
  args: S;
  /** Works only in the local shell and CLI (it reads files on golive's machine): chat help leaves it out. */
  shellOnly?: boolean;
}

export interface GlobalCommand<S extends z.ZodType = z.ZodType> extends CommandBase<S> {
  scope: "global";
  run(args: z.infer<S>, ctx: CommandContext): Promise<Reply>;
}

export interface LaunchCommand<S extends z.ZodType = z.ZodType> extends CommandBase<S> {
  scope: "launch";
  /** The least role the actor needs on the launch. */
  role: Role;
  run(args: z.infer<S>, ctx: LaunchContext): Promise<Reply>;
}

export type Command = GlobalCommand | LaunchCommand;

export const defineCommand = <S extends z.ZodType>(c: GlobalCommand<S> | LaunchCommand<S>) => c as unknown as Command;
