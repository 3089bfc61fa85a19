import { commands } from "../commands/index.js";
import { alertRoutes } from "./adapters/http/alert-routes.js";
import { checkDeployRoute } from "./adapters/http/check-deploy-route.js";
import { gateRoute } from "./adapters/http/gate-route.js";
import { createAuthFailureGuard } from "./adapters/http/request-guards.js";
import { createHttpServer, healthRoutes, listen, type Route } from "./adapters/http/server.js";
import { createPagerDutyNotifier } from "./adapters/pagerduty/notifier.js";
import { slackEnabled, slackOffReason } from "./adapters/slack/enabled.js";
import { type Config, loadConfig } from "./config.js";
import type { Notifiers } from "./jobs/notifier.js";
import { stopBackground } from "./jobs/background.js";
import { startJobs } from "./jobs/start.js";
import { runLocalShell } from "./local-shell.js";
import { createServices } from "./services.js";
import { assertSchemaReady } from "./storage/migrate.js";

const TEAMS_OFF = "Teams surface off: MICROSOFT_APP_ID is not set (or GOLIVE_TEAMS_ALLOW_UNAUTHENTICATED=true for local testing).";

/** Any Teams setting present: the Teams module is loaded to judge it (it refuses half a configuration). */
const teamsMentioned = (config: Config) =>
  Boolean(config.MICROSOFT_APP_ID || config.MICROSOFT_APP_PASSWORD || config.MICROSOFT_APP_TENANT_ID || config.MICROSOFT_APP_TYPE || config.GOLIVE_TEAMS_ALLOW_UNAUTHENTICATED);

/**
 * Composition root: config → storage → surfaces → jobs. With Slack or Teams credentials
 * golive serves them (and health checks) on one HTTP port; without, it is the local
 * shell on the embedded database, and what it posts by itself is printed there. The Slack
 * and Teams code is loaded only when it is configured.
 */
export async function main(config: Config): Promise<number> {
  const teamsModule = teamsMentioned(config) ? await import("./adapters/teams/surface.js") : undefined;
  const teamsOn = teamsModule?.isTeamsConfigured(config) ?? false;
  if (!slackEnabled(config) && !teamsOn) return runLocalShell(config, { scheduler: true, notes: [slackOffReason(config), TEAMS_OFF] });

  const services = await createServices(config);
  const slackModule = slackEnabled(config) ? await import("./adapters/slack/surface.js") : undefined;
  const slack = slackModule?.createSlackSurface({ config, services, commands });
  const teams = teamsOn ? teamsModule!.createTeamsSurface({ config, services, commands }) : undefined;
  if (!slack) services.log.info(slackOffReason(config));
  if (!teams) services.log.info(TEAMS_OFF);

  const notifiers: Notifiers = { pagerduty: createPagerDutyNotifier() };
  if (slack) notifiers.slack = (await import("./adapters/slack/notifier.js")).createSlackNotifier({ token: config.SLACK_BOT_TOKEN!, log: services.log });
  if (teams) notifiers.teams = teams.notifier;
  // One failed-authentication limiter for every token-checked route.
  const api = { ...services, authFailures: createAuthFailureGuard({ nowMs: () => services.clock.now().getTime(), log: services.log }) };
  const routes: Route[] = [healthRoutes(() => assertSchemaReady(services.db)), checkDeployRoute(api), gateRoute(api), alertRoutes(api)];
  if (slack) routes.push(slack.route);
  if (teams) routes.push(teams.route);
  // Signal handlers, the server and delivery first; startJobs runs today's catch-up beside them.
  const stopping = new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await slack?.start();
  const server = createHttpServer(routes, services.log);
  const port = await listen(server, config.PORT);
  const jobs = await startJobs({ services, notifiers });
  services.log.info({ port, slack: slack?.mode ?? "off", teams: teams ? "on" : "off" }, "golive is serving");

  await stopping;
  services.log.info("shutting down");
  await stopBackground("golive is shutting down");
  await jobs.stop();
  await Promise.allSettled([slack?.stop(), teams?.stop()]);
  await new Promise((resolve) => server.close(resolve));
  await services.db.close();
  return 0;
}

if (process.argv[1]?.endsWith("/src/main.ts")) {
  const { exitWhenFlushed, startFailure } = await import("./cli.js");
  let code: number;
  try {
    code = await main(loadConfig());
  } catch (error) {
    code = startFailure(error);
  }
  await exitWhenFlushed(code);
}
