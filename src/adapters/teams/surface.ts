// The Microsoft Teams surface: POST /api/messages on the shared HTTP server (botbuilder's
// CloudAdapter + a TeamsActivityHandler) and a notifier for proactive posts.
// botbuilder is archived upstream (4.23.3 is its last release): every import of it stays in
// this folder, so moving to Microsoft's successor SDK touches nothing else.
import type { IncomingMessage, ServerResponse } from "node:http";
import { type Activity, CloudAdapter, type TurnContext } from "botbuilder";
import type { Command, Services } from "../../../commands/types.js";
import type { Config } from "../../config.js";
import { GoliveError } from "../../errors.js";
import type { Notifier } from "../../jobs/notifier.js";
import { readBody, type Route, sendJson } from "../http/server.js";
import { createBotAuthentication, type TeamsAuthMode, teamsAuthMode } from "./auth.js";
import { GoliveTeamsBot } from "./bot.js";
import { type ConnectorRetryOptions, DEFAULT_CONNECTOR_RETRY } from "./connector-retry.js";
import { botRequest, botResponse } from "./http-shim.js";
import { createTeamsNotifier } from "./notifier.js";

export const TEAMS_MESSAGES_PATH = "/api/messages";

export interface TeamsSurfaceOptions {
  config: Config;
  services: Services;
  commands: Command[];
  /** Bot Connector retry timing; tests inject `delay` and `random`. */
  retry?: Partial<ConnectorRetryOptions>;
}

export interface TeamsSurface {
  mode: TeamsAuthMode["kind"];
  /** Mount on the shared server: handles POST /api/messages. */
  route: Route;
  /** Proactive posts for the outbox dispatcher (`notifiers.teams`). */
  notifier: Notifier;
  /** Refuses new activities and waits for the ones being handled. */
  stop(): Promise<void>;
}

/** True when the configuration turns Teams on (credentials, or the local unauthenticated mode); throws on bad Teams settings. */
export function isTeamsConfigured(config: Config): boolean {
  return teamsAuthMode(config) !== null;
}

/** The activity a token was issued for, from its (not yet verified) claims: only to verify the token first. */
export function claimedActivity(header: string): Activity {
  const payload = /^Bearer\s+[\w-]+\.([\w-]+)\.[\w-]+\s*$/i.exec(header)?.[1];
  let serviceUrl: string | undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload ?? "", "base64url").toString("utf8")) as { serviceurl?: unknown };
    if (typeof claims.serviceurl === "string") serviceUrl = claims.serviceurl;
  } catch {
    // Not a JWT: botbuilder refuses it.
  }
  return { type: "message", channelId: "msteams", serviceUrl } as Activity;
}

export function createTeamsSurface({ config, services, commands, retry }: TeamsSurfaceOptions): TeamsSurface {
  const mode = teamsAuthMode(config);
  if (!mode) {
    throw new GoliveError(
      "config",
      "Microsoft Teams is not configured.",
      "Set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD (the bot's Azure app registration), or GOLIVE_TEAMS_ALLOW_UNAUTHENTICATED=true for local testing.",
    );
  }
  const { log } = services;
  const authenticated = mode.kind === "authenticated";
  if (!authenticated) {
    log.warn(
      "!!! Teams endpoint WITHOUT AUTHENTICATION (GOLIVE_TEAMS_ALLOW_UNAUTHENTICATED=true): anyone who can reach /api/messages can run any command as anyone. For local testing only.",
    );
  } else if (config.GOLIVE_TEAMS_ALLOW_UNAUTHENTICATED) {
    log.warn("GOLIVE_TEAMS_ALLOW_UNAUTHENTICATED is ignored: Teams credentials are set, so every request must carry a valid Bot Framework token.");
  }

  const authentication = createBotAuthentication(config, mode, { ...DEFAULT_CONNECTOR_RETRY, ...retry });
  const adapter = new CloudAdapter(authentication);
  const bot = new GoliveTeamsBot(services, commands);
  const inFlight = new Set<Promise<void>>();
  let stopping = false;

  async function turn(context: TurnContext) {
    try {
      await bot.run(context);
    } catch (error) {
      // Logged here, not by botbuilder (which would print the stack to the console and answer 500).
      log.error({ err: error, activityType: context.activity.type, conversation: context.activity.conversation?.id }, "teams: turn failed");
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    if (req.method !== "POST") {
      res.setHeader("allow", "POST");
      sendJson(res, 405, { error: "use POST" });
      return;
    }
    if (stopping) {
      sendJson(res, 503, { error: "shutting down" });
      return;
    }
    // Cheap refusal of the obvious case; botbuilder validates any token that is present.
    if (authenticated && !req.headers.authorization) {
      sendJson(res, 401, { error: "missing Bot Framework token" });
      return;
    }
    // The token is verified before the body is even parsed (against the serviceUrl it claims;
    // the activity's own serviceUrl and channel are checked against it again below).
    if (authenticated && !(await tokenAccepted(claimedActivity(req.headers.authorization ?? ""), req.headers.authorization ?? "", res))) return;
    let body: unknown;
    try {
      body = JSON.parse((await readBody(req)).toString("utf8"));
    } catch (error) {
      if ((error as { status?: number }).status) throw error;
      sendJson(res, 400, { error: "the body is not JSON" });
      return;
    }
    if (typeof body !== "object" || body === null || Array.isArray(body) || typeof (body as { type?: unknown }).type !== "string") {
      sendJson(res, 400, { error: "the body is not a Bot Framework activity" });
      return;
    }
    if (authenticated && !(await tokenAccepted(body as Activity, req.headers.authorization ?? "", res))) return;
    await adapter.process(botRequest(req, body as Record<string, unknown>), botResponse(res), turn);
  }

  /**
   * Validates the token before botbuilder does, so a refused request is one log line
   * instead of botbuilder's console stack trace. (botbuilder validates again; the signing
   * keys are cached, so that is cheap.)
   */
  async function tokenAccepted(activity: Activity, header: string, res: ServerResponse): Promise<boolean> {
    try {
      await authentication.authenticateRequest(activity, header);
      return true;
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode === 401 ? 401 : 503;
      log.warn({ status, reason: (error as Error).message, channelId: activity.channelId }, "teams: request refused: its Bot Framework token is not valid");
      sendJson(res, status, { error: status === 401 ? "invalid Bot Framework token" : "cannot validate the Bot Framework token now" });
      return false;
    }
  }

  const route: Route = async (req, res) => {
    if (new URL(req.url ?? "/", "http://localhost").pathname !== TEAMS_MESSAGES_PATH) return false;
    const work = handle(req, res);
    inFlight.add(work);
    try {
      await work;
    } finally {
      inFlight.delete(work);
    }
    return true;
  };

  return {
    mode: mode.kind,
    route,
    notifier: createTeamsNotifier({ adapter, appId: mode.appId, services }),
    async stop() {
      stopping = true;
      await Promise.allSettled([...inFlight]);
    },
  };
}
