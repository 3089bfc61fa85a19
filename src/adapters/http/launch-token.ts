// The per-launch token (`audit token`, shown once, stored as a hash) that CI sends as
// `Authorization: Bearer <token>` to the launch's API routes: check-deploy and gate.
import type { IncomingMessage, ServerResponse } from "node:http";
import { ciTokenMatches, hashCiToken } from "../../domain/audit/ci-token.js";
import type { Launch } from "../../domain/launches/types.js";
import { auditRepo } from "../../storage/audit-repo.js";
import type { Database } from "../../storage/database.js";
import { launchesRepo } from "../../storage/launches-repo.js";
import { type AuthFailureGuard, bearerToken } from "./request-guards.js";
import { sendJson } from "./server.js";

/** Compared against when there is no launch or no token, so an unknown launch costs what a wrong token costs. */
export const UNUSED_HASH = hashCiToken("golive: no such launch");

/** The launch named in the path when the request carries its token; null for an unknown launch and a wrong token alike (same work, same time). */
export async function launchForToken(db: Database, name: string, req: IncomingMessage): Promise<Launch | null> {
  const launch = await launchesRepo.byName(db, name);
  const token = bearerToken(req);
  const hash = await auditRepo.tokenHash(db, launch?.id ?? 0);
  const matches = ciTokenMatches(token ?? "", hash ?? UNUSED_HASH);
  return launch && token && hash && matches ? launch : null;
}

/** One answer for an unknown launch and a wrong token: the endpoints do not reveal launch names. */
export function refuseToken(res: ServerResponse) {
  res.setHeader("www-authenticate", 'Bearer realm="golive"');
  sendJson(res, 401, { error: "unknown launch or wrong token; create one with `audit token` and send it as Authorization: Bearer <token>" });
}

/** The launch when its token is right; otherwise the request is answered (429 when over the failure limit, else 401) and counted. */
export async function authorizedLaunch(deps: { db: Database; authFailures: AuthFailureGuard }, name: string, req: IncomingMessage, res: ServerResponse, route: string): Promise<Launch | null> {
  if (!deps.authFailures.admit(req, name, res)) return null;
  const launch = await launchForToken(deps.db, name, req);
  if (launch) return launch;
  deps.authFailures.failed(req, name, route);
  refuseToken(res);
  return null;
}
