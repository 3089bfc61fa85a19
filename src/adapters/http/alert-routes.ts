// POST /api/launches/<name>/alerts/{alertmanager,webhook,sentry}: monitoring raises incidents.
// Each request is rate-limited, authenticated before anything is written (a bad token or
// signature gets 401 and creates nothing), and size-limited (413).
import type { IncomingMessage } from "node:http";
import { z } from "zod";
import type { Clock } from "../../clock.js";
import { ciTokenMatches } from "../../domain/audit/ci-token.js";
import { type InboundAlert, receiveAlerts } from "../../domain/incidents/alerts.js";
import { incidentSettingsOf } from "../../domain/incidents/settings.js";
import type { Launch } from "../../domain/launches/types.js";
import type { Logger } from "../../log.js";
import type { Database } from "../../storage/database.js";
import { incidentsRepo } from "../../storage/incidents-repo.js";
import { launchesRepo } from "../../storage/launches-repo.js";
import { alertmanagerAlerts, genericAlerts, sentryAlerts } from "./alert-payloads.js";
import { UNUSED_HASH } from "./launch-token.js";
import { type AuthFailureGuard, bearerToken, clientOf, createAuthFailureGuard, createRateLimiter, hmacMatches, type RateLimiter, withinLimit } from "./request-guards.js";
import { readBody, type Route, sendJson } from "./server.js";

const PATH = /^\/api\/launches\/([a-z0-9][a-z0-9-]{0,47})\/alerts\/(alertmanager|webhook|sentry)\/?$/;
export const MAX_ALERT_BODY_BYTES = 512 * 1024;

export interface AlertRoutesDeps {
  db: Database;
  clock: Clock;
  log: Logger;
  env?: NodeJS.ProcessEnv;
  /** Requests per launch and sender: default 120 a minute. */
  limiter?: RateLimiter;
  /** Failed authentications, shared by every token-checked route; the routes make their own if not given. */
  authFailures?: AuthFailureGuard;
}

type Kind = "alertmanager" | "webhook" | "sentry";
const SOURCE: Record<Kind, string> = { alertmanager: "alertmanager", webhook: "webhook", sentry: "sentry" };

/** The same work for an unknown launch as for a wrong credential, so neither answers faster. */
async function authenticated(deps: AlertRoutesDeps, kind: Kind, launch: Launch | null, req: IncomingMessage, body: () => Promise<Buffer>): Promise<boolean> {
  if (kind !== "sentry") {
    const token = bearerToken(req);
    const hash = await incidentsRepo.tokenHash(deps.db, launch?.id ?? 0);
    const matches = ciTokenMatches(token ?? "", hash ?? UNUSED_HASH);
    return launch !== null && token !== null && hash !== null && matches;
  }
  const envName = launch ? incidentSettingsOf(launch).sentryEnv : undefined;
  const secret = envName ? (deps.env ?? process.env)[envName] : undefined;
  const signature = req.headers["sentry-hook-signature"];
  const matches = hmacMatches(secret ?? UNUSED_HASH, await body(), Array.isArray(signature) ? undefined : signature);
  return launch !== null && Boolean(secret) && matches;
}

function alertsOf(kind: Kind, req: IncomingMessage, json: unknown): InboundAlert[] {
  if (kind === "alertmanager") return alertmanagerAlerts(json);
  if (kind === "webhook") return genericAlerts(json);
  const resource = req.headers["sentry-hook-resource"];
  return sentryAlerts(Array.isArray(resource) ? undefined : resource, json);
}

export function alertRoutes(deps: AlertRoutesDeps): Route {
  const limiter = deps.limiter ?? createRateLimiter({ capacity: 120, perMs: 60_000, nowMs: () => deps.clock.now().getTime() });
  const authFailures = deps.authFailures ?? createAuthFailureGuard({ nowMs: () => deps.clock.now().getTime(), log: deps.log });
  return async (req, res) => {
    const match = PATH.exec(new URL(req.url ?? "/", "http://localhost").pathname);
    if (!match) return false;
    const [, name, kind] = match as unknown as [string, string, Kind];
    if (req.method !== "POST") {
      res.setHeader("allow", "POST");
      sendJson(res, 405, { error: "use POST with the alert as a JSON body" });
      return true;
    }
    if (!withinLimit(limiter, `${name}:${kind}:${clientOf(req)}`, res)) return true;
    if (!authFailures.admit(req, name, res)) return true;
    const launch = await launchesRepo.byName(deps.db, name);
    let raw: Buffer | undefined;
    const body = async () => {
      raw ??= await readBody(req, MAX_ALERT_BODY_BYTES);
      return raw;
    };
    // One answer for an unknown launch and a bad credential: launch names are not revealed.
    if (!(await authenticated(deps, kind, launch, req, body))) {
      authFailures.failed(req, name, `alerts/${kind}`);
      if (kind !== "sentry") res.setHeader("www-authenticate", 'Bearer realm="golive"');
      const how = kind === "sentry" ? "a Sentry-Hook-Signature made with the client secret set by `incident setup --sentry-env`" : "Authorization: Bearer <token from `incident setup --token`>";
      sendJson(res, 401, { error: `unknown launch or bad credentials; send ${how}` });
      return true;
    }
    if (launch!.archivedAt) {
      sendJson(res, 409, { error: `launch ${name} is archived; it takes no more alerts` });
      return true;
    }
    let alerts: InboundAlert[];
    try {
      alerts = alertsOf(kind, req, JSON.parse((await body()).toString("utf8")));
    } catch (error) {
      if ((error as { status?: number }).status) throw error;
      const issue = error instanceof z.ZodError ? error.issues[0] : undefined;
      const why = issue ? `${issue.path.join(".") || "body"}: ${issue.message}` : "the body is not JSON";
      sendJson(res, 400, { error: `not a ${kind} alert payload (${why})` });
      return true;
    }
    if (alerts.length === 0) {
      sendJson(res, 202, { incidents: [], note: "nothing to do for this event" });
      return true;
    }
    const outcomes = await receiveAlerts(deps.db, launch!, SOURCE[kind], alerts, { id: kind, surface: "api" }, deps.clock.now());
    deps.log.info({ launch: name, source: kind, alerts: alerts.length }, "alerts received");
    sendJson(res, 202, { incidents: outcomes });
    return true;
  };
}
