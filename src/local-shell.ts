import { join } from "node:path";
import { format } from "node:util";
import { commands } from "../commands/index.js";
import type { Services } from "../commands/types.js";
import { createPagerDutyNotifier } from "./adapters/pagerduty/notifier.js";
import { createShellNotifier } from "./adapters/shell/notifier.js";
import { createShellPrinter } from "./adapters/shell/printer.js";
import { createShellSession, runShell, shellUser } from "./adapters/shell/shell.js";
import type { Config } from "./config.js";
import { settleBackground } from "./jobs/background.js";
import { createDispatcher } from "./jobs/dispatcher.js";
import type { Notifier } from "./jobs/notifier.js";
import { defaultReplica } from "./jobs/run-job.js";
import { startJobs } from "./jobs/start.js";
import { createCliLogger, type Logger } from "./log.js";
import { createServices } from "./services.js";

/** Where the shell and the one-shot CLI keep their JSON log: the data folder. */
export const logFile = (config: Pick<Config, "GOLIVE_DATA_DIR">) => join(config.GOLIVE_DATA_DIR, "golive.log");

/** The CLI's logger: JSON to the data folder's log file, warnings and errors as short lines to `human` (stderr by default). */
export function cliLogger(config: Config, human: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): Logger {
  return createCliLogger({ level: config.LOG_LEVEL, file: logFile(config), human });
}

/**
 * The local shell: `golive shell`, and `golive` when neither Slack nor Teams is configured
 * (then with the scheduler, so the launch's scheduled posts print here). What golive posts
 * for the shell is printed after each command, and above the prompt when it comes later.
 */
export async function runLocalShell(config: Config, options: { scheduler: boolean; notes?: string[] }): Promise<number> {
  const interactive = Boolean(process.stdin.isTTY);
  const printer = createShellPrinter(process.stdout);
  const services = await createServices(config, { log: cliLogger(config, interactive ? printer.print : undefined) });
  for (const note of options.notes ?? []) services.log.info(note);
  const restoreConsole = consoleToLog(services.log);
  const notifier = createShellNotifier((text) => printer.print(text));
  const jobs = options.scheduler ? await startJobs({ services, notifiers: { shell: notifier, pagerduty: createPagerDutyNotifier() } }) : undefined;
  try {
    const session = createShellSession(commands, services, shellUser(config));
    const ok = await runShell(session, {
      input: process.stdin,
      output: process.stdout,
      interactive,
      historyFile: join(config.GOLIVE_DATA_DIR, "shell_history"),
      complete: session.complete,
      printer,
      afterCommand: shellPostsNow(services, notifier),
    });
    // `backup now` / `backup drill` answered at once; the shell waits for the work itself.
    await settleBackground();
    return ok || interactive ? 0 : 1;
  } finally {
    await jobs?.stop();
    restoreConsole();
    await services.db.close();
  }
}

/**
 * Libraries that write to the console (node-cron warns about a missed tick on a busy
 * machine) log like everything else while the shell runs: to the log file, and a warning
 * as one short line above the prompt.
 */
function consoleToLog(log: Logger): () => void {
  const saved = { log: console.log, info: console.info, debug: console.debug, warn: console.warn, error: console.error };
  const text = (args: unknown[]) => format(...args).replace(/\x1b\[[0-9;]*m/g, "").trim();
  console.log = console.info = console.debug = (...args: unknown[]) => log.info({ source: "console" }, text(args));
  console.warn = (...args: unknown[]) => log.warn({ source: "console" }, text(args));
  console.error = (...args: unknown[]) => log.error({ source: "console" }, text(args));
  return () => Object.assign(console, saved);
}

/** Delivers the posts due for the shell now (a command's announcements print right after its reply). */
function shellPostsNow(services: Services, shell: Notifier) {
  const dispatcher = createDispatcher({ db: services.db, log: services.log, replica: defaultReplica(), notifiers: { shell } });
  return async () => {
    while ((await dispatcher.runOnce(services.clock.now())) > 0) {
      // Delivered one batch; look for more.
    }
  };
}
