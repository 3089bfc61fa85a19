import { hostname, userInfo } from "node:os";
import { createInterface, type Interface } from "node:readline";
import { completeLine } from "../../../commands/complete.js";
import { type Dispatched, dispatch } from "../../../commands/dispatch.js";
import type { Command, Services } from "../../../commands/types.js";
import type { Config } from "../../config.js";
import type { Reply } from "../../render/reply.js";
import { renderText } from "../../render/text.js";
import { HISTORY_SIZE, loadHistory, saveHistoryLine } from "./history.js";
import { createShellPrinter, type ShellPrinter } from "./printer.js";

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
  /** Runs one line and also says which command ran (the one-shot CLI picks its exit code by it). */
  dispatch(line: string): Promise<Dispatched>;
  /** Tab completion: the candidates for the last word of the text before the cursor. */
  complete(line: string): Promise<string[]>;
}

/** `via` says which local entry point asked: the interactive or piped `shell`, or a one-shot `cli` command. */
export function createShellSession(commands: Command[], services: Services, user: string, via: "shell" | "cli" = "shell"): ShellSession {
  const request = {
    services,
    actor: { id: user, surface: "shell" as const },
    conversation: "local",
    parseMention: parseShellMention,
    origin: { via, host: hostname() },
  };
  return {
    run: async (line) => (await dispatch(commands, request, line)).reply,
    dispatch: (line) => dispatch(commands, request, line),
    complete: (line) => completeLine(commands, request, line, SHELL_WORDS),
  };
}

export interface ShellOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** A terminal: prompt, line editing, completion, history, Ctrl-C. Else one command per line from a pipe. */
  interactive: boolean;
  /** Where the history is kept across sessions (interactive only). */
  historyFile?: string;
  /** The candidates for the last word of the text before the cursor (Tab). */
  complete?: (line: string) => Promise<string[]>;
  /** Prints asynchronous output above the prompt; the shell tells it when the prompt waits. */
  printer?: ShellPrinter;
  /** Runs after each command, e.g. to print the posts it caused. */
  afterCommand?: () => Promise<void>;
}

/** Words the shell itself understands, besides the commands. */
export const SHELL_WORDS = ["exit", "quit"];
const LEAVE_HINT = "(To leave, press Ctrl-C again or Ctrl-D, or type exit.)";

/**
 * The local shell: a `golive>` prompt on a TTY, or one command per line from a pipe, each
 * reply printed. Resolves with true when every command succeeded.
 */
export async function runShell(session: ShellSession, options: ShellOptions): Promise<boolean> {
  const { input, output, interactive } = options;
  const printer = interactive ? (options.printer ?? createShellPrinter(output)) : undefined;
  const complete = options.complete;
  const rl = createInterface({
    input,
    output: interactive ? output : undefined,
    terminal: interactive,
    prompt: "golive> ",
    history: interactive && options.historyFile ? loadHistory(options.historyFile) : [],
    historySize: HISTORY_SIZE,
    removeHistoryDuplicates: true,
    ...(interactive && complete
      ? {
          completer: (line: string, done: (error: null, result: [string[], string]) => void) => {
            const word = /\S*$/.exec(line)?.[0] ?? "";
            complete(line).then((candidates) => done(null, [candidates, word]), () => done(null, [[], word]));
          },
        }
      : {}),
  });
  const prompt = () => {
    printer?.setPrompting(true);
    rl.prompt();
  };
  if (interactive) {
    printer!.attach(rl);
    leaveOnSecondCtrlC(rl, input, output, printer!);
    output.write("golive shell — type `help` for the commands, Tab to complete, `exit` to leave.\n");
    prompt();
  }
  let allOk = true;
  for await (const raw of rl) {
    printer?.setPrompting(false);
    const line = raw.trim();
    if (interactive && options.historyFile) saveHistoryLine(options.historyFile, line);
    if (SHELL_WORDS.includes(line)) break;
    if (line !== "" && !line.startsWith("#")) {
      if (!interactive) output.write(`golive> ${line}\n`);
      const reply = await session.run(line);
      allOk &&= reply.ok;
      output.write(`${renderText(reply)}\n\n`);
      await options.afterCommand?.();
    }
    if (interactive) prompt();
  }
  printer?.attach(undefined);
  rl.close();
  if (interactive) output.write("\n");
  return allOk;
}

/** Ctrl-C clears the line; a second Ctrl-C in a row leaves (as does Ctrl-D on an empty line). */
function leaveOnSecondCtrlC(rl: Interface, input: NodeJS.ReadableStream, output: NodeJS.WritableStream, printer: ShellPrinter) {
  let armed = false;
  rl.on("SIGINT", () => {
    if (armed) {
      rl.close();
      return;
    }
    armed = true;
    const typed = rl.line !== "";
    rl.write(null, { ctrl: true, name: "e" });
    output.write("^C\n");
    rl.write(null, { ctrl: true, name: "u" });
    if (!typed) printer.print(LEAVE_HINT);
  });
  input.on("keypress", (_text: string, key?: { ctrl?: boolean; name?: string }) => {
    if (!(key?.ctrl && key.name === "c")) armed = false;
  });
}
