// The Slack surface: bolt's App with golive's listeners, served either on the
// shared HTTP server (signed requests at /slack/events) or over Socket Mode.
import { setTimeout as wait } from "node:timers/promises";
import { App, SocketModeReceiver, webApi } from "@slack/bolt";
import type { Command, Services } from "../../../commands/types.js";
import { GoliveError } from "../../errors.js";
import type { Route } from "../http/server.js";
import { registerAppHome } from "./app-home.js";
import { boltLogger } from "./bolt-logger.js";
import { type SlackConfig, slackEnabled, slackOffReason } from "./enabled.js";
import type { SlackDeps } from "./context.js";
import { type Deadline, timerDeadline } from "./deadline.js";
import { registerDedupe } from "./dedupe.js";
import { registerInteractions } from "./interactions.js";
import { RouteReceiver } from "./route-receiver.js";
import { registerSlashCommand } from "./slash-command.js";

export { type SlackConfig, slackEnabled, slackOffReason } from "./enabled.js";

export interface SlackSurface {
  /** Mount on the shared server; serves /slack/events in HTTP mode, passes everything on in Socket Mode. */
  route: Route;
  mode: "http" | "socket";
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Resolves when all HTTP requests taken so far have finished their work (tests, shutdown). */
  idle(): Promise<void>;
}

export interface SlackSurfaceOptions {
  /** Known bot ids skip bolt's auth.test (tests; a bot whose ids are configured). */
  botIdentity?: { botId: string; botUserId: string };
  /** When a slow command is acknowledged with "Working on it…". Default 2 s from the request's arrival. */
  ackDeadline?: Deadline;
  /** How rate-limit waits sleep. Default a real timer. */
  sleep?: (ms: number) => Promise<void>;
  /** Clock for the signature window. Default the services clock. */
  nowMs?: () => number;
}

export function createSlackSurface(args: { config: SlackConfig; services: Services; commands: Command[]; options?: SlackSurfaceOptions }): SlackSurface {
  const { config, services, commands, options = {} } = args;
  const token = config.SLACK_BOT_TOKEN;
  if (!token || !slackEnabled(config)) throw new GoliveError("config", slackOffReason(config));
  const log = services.log.child({ surface: "slack" });
  const mode = config.SLACK_APP_TOKEN ? "socket" : "http";
  const logger = boltLogger(log);
  const ackDeadline = options.ackDeadline ?? timerDeadline();
  const routeReceiver =
    mode === "http"
      ? new RouteReceiver({ signingSecret: config.SLACK_SIGNING_SECRET!, nowMs: options.nowMs ?? (() => services.clock.now().getTime()), log, ackDeadline })
      : undefined;
  const receiver = routeReceiver ?? new SocketModeReceiver({ appToken: config.SLACK_APP_TOKEN!, logger });
  const app = new App({
    token,
    receiver,
    logger,
    deferInitialization: true,
    // golive keeps no per-conversation state in bolt; its store middleware costs every request.
    convoStore: false,
    tokenVerificationEnabled: options.botIdentity === undefined,
    ...(options.botIdentity ?? {}),
    clientOptions: { retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, logLevel: webApi.LogLevel.ERROR },
  });
  app.error(async (error) => {
    log.error({ err: error }, "a Slack listener failed");
  });
  const sleep = options.sleep ?? ((ms: number) => wait(ms));
  const deps: SlackDeps = {
    commands,
    services: { ...services, log },
    ackDeadline,
    calls: { log, sleep, maxWaitMs: 30_000, attempts: 3 },
    modalCalls: { log, sleep, maxWaitMs: 2_000, attempts: 2 },
  };
  registerDedupe(app, deps);
  registerSlashCommand(app, deps);
  registerInteractions(app, deps);
  registerAppHome(app, deps);

  return {
    mode,
    route: routeReceiver ? routeReceiver.route : () => false,
    async start() {
      try {
        await app.init();
      } catch (error) {
        const code = (error as { data?: { error?: string } }).data?.error ?? (error as Error).message;
        throw new GoliveError("config", `Slack refused SLACK_BOT_TOKEN (${code}).`, "Copy the Bot User OAuth Token (xoxb-…) from the app's OAuth & Permissions page, and reinstall the app if it was revoked.");
      }
      await app.start();
      log.info({ mode }, mode === "http" ? "Slack surface on: HTTP at /slack/events" : "Slack surface on: Socket Mode");
    },
    async stop() {
      await app.stop();
    },
    idle: () => routeReceiver?.idle() ?? Promise.resolve(),
  };
}
