// A replica is named `<host>-<pid>`. At start, golive recognises the runs and outbox claims
// of its own earlier processes on this host (the same host name and a pid that is no longer
// alive, or its own pid reused, as in a restarted container): they died, so they are failed
// or re-sent at once instead of after their lease (up to 2 minutes for a send).
import { hostname } from "node:os";
import type { Queryable } from "../storage/database.js";

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === "EPERM";
  }
};

/** True when `replica` names an earlier golive process on this host that is gone. */
export function isPreviousLife(replica: string, host = hostname(), self = process.pid): boolean {
  if (!replica.startsWith(`${host}-`)) return false;
  const pid = Number(replica.slice(host.length + 1));
  if (!Number.isInteger(pid) || pid <= 0) return false;
  return pid === self || !alive(pid);
}

/** The replicas of this host's dead processes that still hold a running job or a message in `sending`. */
export async function previousLives(db: Queryable, current: string): Promise<string[]> {
  const rows = await db.query<{ replica: string }>(
    `select replica from job_runs where outcome = 'running'
     union select claimed_by as replica from outbox where status = 'sending' and claimed_by is not null`,
  );
  return rows.map((r) => r.replica).filter((r) => r !== current && isPreviousLife(r));
}
