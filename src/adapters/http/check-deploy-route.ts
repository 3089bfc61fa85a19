// POST /api/launches/<name>/check-deploy — CI sends the output of
// `python manage.py check --deploy` (text/plain, or JSON {"output": "…"}) with
// `Authorization: Bearer <the launch's token>` (see `audit token`).
import type { IncomingMessage } from "node:http";
import type { Clock } from "../../clock.js";
import { ingestCheckDeploy, runJson } from "../../domain/audit/audit-service.js";
import type { Logger } from "../../log.js";
import type { Database } from "../../storage/database.js";
import { authorizedLaunch } from "./launch-token.js";
import { type AuthFailureGuard, createAuthFailureGuard } from "./request-guards.js";
import { readBody, type Route, sendJson } from "./server.js";

const PATH = /^\/api\/launches\/([a-z0-9][a-z0-9-]{0,47})\/check-deploy\/?$/;
const CI_ACTOR = { id: "ci", surface: "api" as const };

export interface CheckDeployRouteDeps {
  db: Database;
  clock: Clock;
  log: Logger;
  /** Shared by every token-checked route (see request-guards); the route makes its own if not given. */
  authFailures?: AuthFailureGuard;
}

/** The report text from the body, or why it cannot be read. */
function reportText(req: IncomingMessage, body: Buffer): { text: string } | { error: string } {
  const type = (req.headers["content-type"] ?? "text/plain").split(";")[0]!.trim().toLowerCase();
  const raw = body.toString("utf8");
  if (type !== "application/json") return { text: raw };
  try {
    const parsed = JSON.parse(raw) as { output?: unknown };
    if (typeof parsed?.output === "string") return { text: parsed.output };
  } catch {
    return { error: 'the body is not valid JSON; send {"output": "<check --deploy output>"} or the raw output as text/plain' };
  }
  return { error: 'the JSON body needs a string field "output" with the check --deploy output' };
}

export function checkDeployRoute(deps: CheckDeployRouteDeps): Route {
  const guarded = { db: deps.db, authFailures: deps.authFailures ?? createAuthFailureGuard({ nowMs: () => deps.clock.now().getTime(), log: deps.log }) };
  return async (req, res) => {
    const match = PATH.exec(new URL(req.url ?? "/", "http://localhost").pathname);
    if (!match) return false;
    if (req.method !== "POST") {
      res.setHeader("allow", "POST");
      sendJson(res, 405, { error: "use POST with the output of manage.py check --deploy as the body" });
      return true;
    }
    const launch = await authorizedLaunch(guarded, match[1]!, req, res, "check-deploy");
    if (!launch) return true;
    if (launch.archivedAt) {
      sendJson(res, 409, { error: `launch ${launch.name} is archived; it records no more audits: remove this step from its CI pipeline` });
      return true;
    }
    const body = reportText(req, await readBody(req));
    if ("error" in body) {
      sendJson(res, 400, { error: body.error });
      return true;
    }
    const outcome = await ingestCheckDeploy(deps.db, launch, body.text, { trigger: "api", actor: CI_ACTOR, at: deps.clock.now() });
    if (!outcome.ok) {
      sendJson(res, 400, { error: outcome.error, ...(outcome.line ? { line: outcome.line, text: outcome.text } : {}) });
      return true;
    }
    deps.log.info({ launch: launch.name, run: outcome.run.id }, "check --deploy report received from CI");
    sendJson(res, 200, runJson(outcome.run, launch));
    return true;
  };
}
