// The per-launch token (`audit token`, shown once, stored as a hash) that CI sends as
// `Authorization: Bearer <token>` to the launch's API routes: check-deploy and gate.
import type { IncomingMessage, ServerResponse } from "node:http";
import { ciTokenMatches } from "../../domain/audit/ci-token.js";
import type { Launch } from "../../domain/launches/types.js";
import { auditRepo } from "../../storage/audit-repo.js";
import type { Database } from "../../storage/database.js";
import { launchesRepo } from "../../storage/launches-repo.js";
import { bearerToken } from "./request-guards.js";
import { sendJson } from "./server.js";

/** The launch named in the path when the request carries its token; null for an unknown launch and a wrong token alike. */
export async function launchForToken(db: Database, name: string, req: IncomingMessage): Promise<Launch | null> {
  const launch = await launchesRepo.byName(db, name);
  const token = bearerToken(req);
  if (!launch || !token || !ciTokenMatches(token, await auditRepo.tokenHash(db, launch.id))) return null;
  return launch;
}

/** One answer for an unknown launch and a wrong token: the endpoints do not reveal launch names. */
export function refuseToken(res: ServerResponse) {
  res.setHeader("www-authenticate", 'Bearer realm="golive"');
  sendJson(res, 401, { error: "unknown launch or wrong token; create one with `audit token` and send it as Authorization: Bearer <token>" });
}
