import { commands } from "../commands/index.js";
import type { Services } from "../commands/types.js";
import { checkDeployRoute } from "./adapters/http/check-deploy-route.js";
import { createHttpServer, healthRoutes, listen, type Route } from "./adapters/http/server.js";
import { createShellNotifier } from "./adapters/shell/notifier.js";
import { createShellSession, runShell, shellUser } from "./adapters/shell/shell.js";
import { createSlackNotifier } from "./adapters/slack/notifier.js";
import { createSlackSurface, slackEnabled, slackOffReason } from "./adapters/slack/surface.js";
import { createTeamsSurface, isTeamsConfigured } from "./adapters/teams/surface.js";
import { type Config, loadConfig } from "./config.js";
import type { Notifiers } from "./jobs/notifier.js";
import { startJobs } from "./jobs/start.js";
import { createServices } from "./services.js";

/**
 * Composition root: config → storage → surfaces → jobs. With Slack or Teams credentials
 * golive serves them (and health checks) on one HTTP port; without, it is the local
 * shell on the embedded database, and what it posts by itself is printed there.
 */
export async function main(config: Config): Promise<number> {
  const services = await createServices(config);
  const slack = slackEnabled(config) ? createSlackSurface({ config, services, commands }) : undefined;
  const teams = isTeamsConfigured(config) ? createTeamsSurface({ config, services, commands }) : undefined;
  if (!slack) services.log.info(slackOffReason(config));
  if (!teams) services.log.info("Teams surface off: MICROSOFT_APP_ID is not set (or GOLIVE_TEAMS_ALLOW_UNAUTHENTICATED=true for local testing).");
  if (!slack && !teams) return localShell(config, services);

  const notifiers: Notifiers = {};
  if (slack) notifiers.slack = createSlackNotifier({ token: config.SLACK_BOT_TOKEN!, log: services.log });
  if (teams) notifiers.teams = teams.notifier;
  const routes: Route[] = [healthRoutes(() => services.db.query("select 1")), checkDeployRoute(services)];
  if (slack) routes.push(slack.route);
  if (teams) routes.push(teams.route);
  await slack?.start();
  const server = createHttpServer(routes, services.log);
  const port = await listen(server, config.PORT);
  const jobs = await startJobs({ services, notifiers });
  services.log.info({ port, slack: slack?.mode ?? "off", teams: teams ? "on" : "off" }, "golive is serving");

  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  services.log.info("shutting down");
  await jobs.stop();
  await Promise.allSettled([slack?.stop(), teams?.stop()]);
  await new Promise((resolve) => server.close(resolve));
  await services.db.close();
  return 0;
}

async function localShell(config: Config, services: Services): Promise<number> {
  const interactive = Boolean(process.stdin.isTTY);
  const jobs = await startJobs({ services, notifiers: { shell: createShellNotifier((text) => process.stdout.write(`\n${text}\n`)) } });
  const ok = await runShell(createShellSession(commands, services, shellUser(config)), process.stdin, process.stdout, interactive);
  await jobs.stop();
  await services.db.close();
  return ok || interactive ? 0 : 1;
}

if (process.argv[1]?.endsWith("/src/main.ts")) {
  const { fail } = await import("./cli.js");
  try {
    process.exit(await main(loadConfig()));
  } catch (error) {
    fail(error);
  }
}
