import { commands } from "../commands/index.js";
import type { Dispatched } from "../commands/dispatch.js";
import { createShellSession, shellUser } from "./adapters/shell/shell.js";
import { type Config, loadConfig } from "./config.js";
import { isGoliveError } from "./errors.js";
import { scrubConnectionSecrets } from "./log.js";
import { settleBackground } from "./jobs/background.js";
import { cliLogger, runLocalShell } from "./local-shell.js";
import { packageJson } from "./package-info.js";
import { jsonError, reply } from "./render/reply.js";
import { renderText } from "./render/text.js";
import { createServices } from "./services.js";

const USAGE = `Usage:
  golive                    start the bot (Slack/Teams when configured, else the local shell)
  golive shell              the local shell (one command per line from a pipe when stdin is not a terminal)
  golive <command> [args]   run one command and exit, e.g. golive status, golive list 4 --open
  golive run "<command>"    the same, with the command as one argument
  golive gate [--launch <name>] [--require attested|verified] [--max-age 24h] [--json]
                            for deploy pipelines: exit 0 on GO, 1 on NO-GO, 2 on a usage or connection error
  golive help [command]     this text, or how to use one command
  golive --version          the version

One command exits 0 when it worked, 1 when it was refused or invalid, 2 on a usage error or
when golive could not start. --json prints JSON, errors included.`;

/** `golive --help`: the CLI verbs and every command of the registry. */
export function helpText(): string {
  const list = commands.map((c) => `  ${c.usage}\n      ${c.summary}`).join("\n");
  return `golive ${packageJson().version} — takes a web application through go-live\n\n${USAGE}\n\nCommands (the same in the shell, in Slack as /golive <command>, in Teams as @golive <command>):\n${list}\n`;
}

/** Command-line arguments back into one command line; an argument with spaces or quotes stays one token. */
export function argvToLine(argv: string[]): string {
  return argv
    .map((arg) => {
      if (arg !== "" && !/[\s"'\u201c\u201d\u2018\u2019]/.test(arg)) return arg;
      const [open, close] = !arg.includes('"') ? ['"', '"'] : !arg.includes("\u201d") ? ["\u201c", "\u201d"] : ["'", "'"];
      return `${open}${arg.replaceAll(close, "")}${close}`;
    })
    .join(" ");
}

/** 0 worked; `gate`: 1 NO-GO, 2 anything else; other commands: 2 usage, 1 refused or invalid. */
export function exitCode({ reply, command }: Dispatched): number {
  if (reply.ok) return 0;
  if (command?.name === "gate") return reply.error === "nogo" ? 1 : 2;
  return reply.error === "usage" ? 2 : 1;
}

/** Prints a start-up failure as one clear line (never a stack trace), or as JSON for `--json`; exit code 2. */
export function startFailure(error: unknown, json = false): number {
  const raw = isGoliveError(error) ? error.message : `could not start: ${(error as Error)?.message ?? String(error)}`;
  const message = scrubConnectionSecrets(raw, process.env.DATABASE_URL);
  const hint = isGoliveError(error) ? error.hint : undefined;
  if (json) {
    process.stdout.write(`${renderText(jsonError(reply.error(message, hint, isGoliveError(error) ? error.code : "internal")))}\n`);
  } else {
    process.stderr.write(`golive: ${message}${hint ? `\n${hint}` : ""}\n`);
  }
  return 2;
}

async function runOnce(config: Config, line: string): Promise<number> {
  const services = await createServices(config, { log: cliLogger(config) });
  try {
    const result = await createShellSession(commands, services, shellUser(config), "cli").dispatch(line);
    const { reply } = result;
    (reply.ok || reply.format === "json" ? process.stdout : process.stderr).write(`${renderText(reply)}\n`);
    // `backup now` / `backup drill` answered at once; the one-shot waits for the work itself.
    await settleBackground();
    return exitCode(result);
  } finally {
    await services.db.close();
  }
}

export async function cli(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb === "--help" || verb === "-h" || (verb === "help" && rest.length === 0)) {
    process.stdout.write(helpText());
    return 0;
  }
  if (verb === "--version" || verb === "-v" || verb === "-V") {
    process.stdout.write(`golive ${packageJson().version}\n`);
    return 0;
  }
  try {
    const config = loadConfig();
    if (verb === undefined || verb === "start") {
      const { main } = await import("./main.js");
      return await main(config);
    }
    if (verb === "shell") return await runLocalShell(config, { scheduler: false });
    if (verb === "run") {
      if (rest.length === 0) {
        process.stderr.write(`golive: run needs a command, e.g. golive run "status".\n`);
        return 2;
      }
      return await runOnce(config, rest.join(" "));
    }
    return await runOnce(config, argvToLine(argv));
  } catch (error) {
    return startFailure(error, argv.includes("--json"));
  }
}

/** Exits once everything written to stdout and stderr has reached the OS: a pipe gets the whole output. */
export async function exitWhenFlushed(code: number): Promise<never> {
  const flushed = (stream: NodeJS.WriteStream) =>
    new Promise<void>((resolve) => {
      if (stream.destroyed || !stream.writable) return resolve();
      stream.write("", () => resolve());
    });
  await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
  process.exit(code);
}

/** Run by bin/golive.js (compiled) and by `tsx src/cli.ts`. */
export async function runCli(argv: string[]): Promise<never> {
  // A reader that goes away (`golive list --json | head -1`) is not golive's failure.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
      throw error;
    });
  }
  let code: number;
  try {
    code = await cli(argv);
  } catch (error) {
    code = startFailure(error);
  }
  return exitWhenFlushed(code);
}

if (process.argv[1]?.endsWith("/src/cli.ts")) await runCli(process.argv.slice(2));
