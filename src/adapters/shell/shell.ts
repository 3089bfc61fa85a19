import { userInfo } from "node:os";
import { createInterface } from "node:readline";
import { dispatch } from "../../../commands/dispatch.js";
import type { Command, Services } from "../../../commands/types.js";
import type { Config } from "../../config.js";
import type { Reply } from "../../render/reply.js";
import { renderText } from "../../render/text.js";

/** Who the local shell acts as: GOLIVE_USER, else the OS user. */
export const shellUser = (config: Pick<Config, "GOLIVE_USER">) => config.GOLIVE_USER ?? userInfo().username;

/** `@alice` or `alice` → `alice`. */
export function parseShellMention(token: string): string | null {
  const m = /^@?([\w.-]{1,64})$/.exec(token.trim());
  return m ? m[1]! : null;
}

export interface ShellSession {
  /** Runs one line as the shell user and returns the reply. */
  run(line: string): Promise<Reply>;
}

export function createShellSession(commands: Command[], services: Services, user: string): ShellSession {
  const request = {
    services,
    actor: { id: user, surface: "shell" as const },
    conversation: "local",
    parseMention: parseShellMention,
  };
  return { run: async (line) => (await dispatch(commands, request, line)).reply };
}

/**
 * The local shell: a `golive>` prompt on a TTY, or one command per line from a pipe, each
 * reply printed. Resolves with true when every command succeeded.
 */
export async function runShell(session: ShellSession, input: NodeJS.ReadableStream, output: NodeJS.WritableStream, interactive: boolean): Promise<boolean> {
  const rl = createInterface({ input, output: interactive ? output : undefined, terminal: interactive, prompt: "golive> " });
  let allOk = true;
  if (interactive) {
    output.write("golive shell — type `help` for the commands, `exit` to leave.\n");
    rl.prompt();
  }
  for await (const raw of rl) {
    const line = raw.trim();
    if (line === "exit" || line === "quit") break;
    if (line !== "" && !line.startsWith("#")) {
      if (!interactive) output.write(`golive> ${line}\n`);
      const reply = await session.run(line);
      allOk &&= reply.ok;
      output.write(`${renderText(reply)}\n\n`);
    }
    if (interactive) rl.prompt();
  }
  rl.close();
  return allOk;
}
