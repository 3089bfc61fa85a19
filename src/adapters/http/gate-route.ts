// GET /api/launches/<name>/gate?require=verified&max-age=24h — the deploy gate for a CI job
// far from golive's database, with the launch's token (`audit token`) as
// `Authorization: Bearer <token>`. 200 on GO, 409 on NO-GO (so `curl --fail` stops the
// pipeline), both with the readiness as JSON; 400 for bad options, 401 for a wrong token.
import type { IncomingMessage } from "node:http";
import { gateJson } from "../../../commands/json.js";
import type { Clock } from "../../clock.js";
import { dateIn } from "../../domain/launches/calendar.js";
import { checkGate, gateOptions } from "../../domain/launches/gate.js";
import { expireWaivers } from "../../domain/launches/waivers.js";
import { isGoliveError } from "../../errors.js";
import type { Logger } from "../../log.js";
import type { Database } from "../../storage/database.js";
import { authorizedLaunch } from "./launch-token.js";
import { type AuthFailureGuard, createAuthFailureGuard } from "./request-guards.js";
import { type Route, sendJson } from "./server.js";

const PATH = /^\/api\/launches\/([a-z0-9][a-z0-9-]{0,47})\/gate\/?$/;
const CI_ACTOR = { id: "ci", surface: "api" as const };
const QUERY_KEYS = new Set(["require", "max-age"]);

export interface GateRouteDeps {
  db: Database;
  clock: Clock;
  log: Logger;
  /** Shared by every token-checked route (see request-guards); the route makes its own if not given. */
  authFailures?: AuthFailureGuard;
}

function origin(req: IncomingMessage) {
  const agent = req.headers["user-agent"];
  return { via: "http", address: req.socket.remoteAddress ?? "unknown", ...(agent ? { userAgent: agent.slice(0, 200) } : {}) };
}

export function gateRoute(deps: GateRouteDeps): Route {
  const guarded = { db: deps.db, authFailures: deps.authFailures ?? createAuthFailureGuard({ nowMs: () => deps.clock.now().getTime(), log: deps.log }) };
  return async (req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    const match = PATH.exec(url.pathname);
    if (!match) return false;
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.setHeader("allow", "GET");
      sendJson(res, 405, { error: "use GET, with ?require=verified&max-age=24h if wanted" });
      return true;
    }
    const launch = await authorizedLaunch(guarded, match[1]!, req, res, "gate");
    if (!launch) return true;
    const unknown = [...url.searchParams.keys()].find((key) => !QUERY_KEYS.has(key));
    if (unknown) {
      sendJson(res, 400, { error: { code: "usage", message: `unknown query parameter "${unknown}"`, hint: "use require=attested|verified and max-age=<duration>, e.g. ?require=verified&max-age=24h" } });
      return true;
    }
    let options: ReturnType<typeof gateOptions>;
    try {
      options = gateOptions({ require: url.searchParams.get("require") ?? undefined, maxAge: url.searchParams.get("max-age") ?? undefined });
    } catch (error) {
      if (!isGoliveError(error)) throw error;
      sendJson(res, 400, { error: { code: error.code, message: error.message.replaceAll("--", ""), hint: "e.g. ?require=verified&max-age=24h" } });
      return true;
    }
    const now = deps.clock.now();
    await expireWaivers(deps.db, launch, dateIn(launch.timezone, now), now);
    const result = await checkGate(deps.db, launch, options, CI_ACTOR, origin(req), now);
    deps.log.info({ launch: launch.name, verdict: result.verdict, address: req.socket.remoteAddress }, "deploy gate asked over HTTP");
    sendJson(res, result.verdict === "go" ? 200 : 409, gateJson(result));
    return true;
  };
}
