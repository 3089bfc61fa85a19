import { commands } from "../commands/index.js";
import { createShellSession, runShell, shellUser } from "./adapters/shell/shell.js";
import { type Config, loadConfig } from "./config.js";
import { isGoliveError } from "./errors.js";
import { settleBackground } from "./jobs/background.js";
import { renderText } from "./render/text.js";
import { createServices } from "./services.js";

const USAGE = `Usage:
  golive                  start the bot (Slack/Teams when configured, else the local shell)
  golive shell            the local shell (reads commands line by line from stdin when it is not a terminal)
  golive run "<command>"  run one command and exit (0 ok, 1 refused or invalid, 2 usage)
  golive help             this text`;

/** Prints a start-up failure as one clear line (never a stack trace) and exits. */
export function fail(error: unknown): never {
  if (isGoliveError(error)) {
    process.stderr.write(`golive: ${error.message}${error.hint ? `\n${error.hint}` : ""}\n`);
    process.exit(2);
  }
  process.stderr.write(`golive: could not start: ${(error as Error)?.message ?? String(error)}\n`);
  process.exit(1);
}

/** `golive shell`: the shell alone, without the scheduler, so piped sessions print only their replies. */
async function startShell(config: Config): Promise<number> {
  const services = await createServices(config);
  const session = createShellSession(commands, services, shellUser(config));
  const ok = await runShell(session, process.stdin, process.stdout, Boolean(process.stdin.isTTY));
  await services.db.close();
  return ok || process.stdin.isTTY ? 0 : 1;
}

async function runOnce(config: Config, line: string): Promise<number> {
  const services = await createServices(config);
  try {
    const reply = await createShellSession(commands, services, shellUser(config)).run(line);
    (reply.ok || reply.format === "json" ? process.stdout : process.stderr).write(`${renderText(reply)}\n`);
    // `backup now` / `backup drill` answered at once; the one-shot waits for the work itself.
    await settleBackground();
    if (reply.ok) return 0;
    return reply.error === "usage" && /^\s*(\/?golive\s+)?checklist\s+lint\b/i.test(line) ? 2 : 1;
  } finally {
    await services.db.close();
  }
}

export async function cli(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  if (verb === "help" || verb === "--help" || verb === "-h") {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (verb !== undefined && verb !== "shell" && verb !== "run" && verb !== "start") {
    process.stderr.write(`golive: unknown verb "${verb}".\n${USAGE}\n`);
    return 2;
  }
  const config = loadConfig();
  if (verb === "run") {
    if (rest.length === 0) {
      process.stderr.write(`golive: run needs a command, e.g. golive run "status".\n`);
      return 2;
    }
    return runOnce(config, rest.join(" "));
  }
  if (verb === "shell") return startShell(config);
  const { main } = await import("./main.js");
  return main(config);
}

if (process.argv[1]?.endsWith("/src/cli.ts")) {
  cli(process.argv.slice(2)).then((code) => process.exit(code), fail);
}
