import type { Queryable, Row } from "./database.js";

export type JobTrigger = "schedule" | "catch-up" | "manual";
export type JobOutcome = "running" | "ok" | "failed" | "skipped";

export interface JobRun {
  id: number;
  job: string;
  launchId: number | null;
  slot: Date;
  trigger: JobTrigger;
  replica: string;
  startedAt: Date;
  heartbeatAt: Date;
  leaseUntil: Date;
  finishedAt: Date | null;
  outcome: JobOutcome;
  summary: string | null;
  error: string | null;
}

const toRun = (r: Row): JobRun => ({
  id: r.id as number,
  job: r.job as string,
  launchId: (r.launch_id as number | null) ?? null,
  slot: r.slot as Date,
  trigger: r.trigger as JobTrigger,
  replica: r.replica as string,
  startedAt: r.started_at as Date,
  heartbeatAt: r.heartbeat_at as Date,
  leaseUntil: r.lease_until as Date,
  finishedAt: (r.finished_at as Date | null) ?? null,
  outcome: r.outcome as JobOutcome,
  summary: (r.summary as string | null) ?? null,
  error: (r.error as string | null) ?? null,
});

export interface Claim {
  job: string;
  launchId: number | null;
  slot: Date;
  trigger: JobTrigger;
  replica: string;
  at: Date;
  leaseMs: number;
}

export const jobRunsRepo = {
  /** The claim: the one INSERT that wins the (job, launch, slot) row runs it; the others get null. */
  async claim(db: Queryable, c: Claim): Promise<number | null> {
    const [row] = await db.query<{ id: number }>(
      `insert into job_runs (job, launch_id, slot, trigger, replica, started_at, heartbeat_at, lease_until)
       values ($1, $2, $3, $4, $5, $6, $6, $7)
       on conflict (job, (coalesce(launch_id, 0)), slot) do nothing returning id`,
      [c.job, c.launchId, c.slot, c.trigger, c.replica, c.at, new Date(c.at.getTime() + c.leaseMs)],
    );
    return row?.id ?? null;
  },
  /** (job, launch, slot) of every run claimed for a slot after `since`. */
  async claimedSince(db: Queryable, since: Date): Promise<{ job: string; launchId: number; slot: Date }[]> {
    const rows = await db.query<{ job: string; launch_id: number | null; slot: Date }>("select job, launch_id, slot from job_runs where slot > $1", [since]);
    return rows.map((r) => ({ job: r.job, launchId: r.launch_id ?? 0, slot: r.slot }));
  },
  async heartbeat(db: Queryable, id: number, at: Date, leaseMs: number) {
    await db.query("update job_runs set heartbeat_at = $2, lease_until = $3 where id = $1 and outcome = 'running'", [
      id,
      at,
      new Date(at.getTime() + leaseMs),
    ]);
  },
  async finish(db: Queryable, id: number, at: Date, outcome: Exclude<JobOutcome, "running">, summary: string, error: string | null = null) {
    await db.query("update job_runs set finished_at = $2, outcome = $3, summary = $4, error = $5 where id = $1", [id, at, outcome, summary, error]);
  },
  /** Runs whose lease passed without a finish, or whose replica is known dead: their process died. Marks them failed, returns them. */
  async failAbandoned(db: Queryable, at: Date, deadReplicas: string[] = []): Promise<JobRun[]> {
    const rows = await db.query(
      `update job_runs set outcome = 'failed', finished_at = $1,
         error = 'replica ' || replica || ' stopped while running (last heartbeat ' || to_char(heartbeat_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS') || 'Z)'
       where outcome = 'running' and (lease_until < $1 or replica = any($2::text[])) returning *`,
      [at, deadReplicas],
    );
    return rows.map(toRun);
  },
  async history(db: Queryable, job: string, launchId: number, limit: number): Promise<JobRun[]> {
    const rows = await db.query(
      `select * from job_runs where job = $1 and (launch_id = $2 or launch_id is null) order by slot desc, id desc limit ${Math.trunc(limit)}`,
      [job, launchId],
    );
    return rows.map(toRun);
  },
  /** The latest run of each job for a launch (and of launch-less jobs). */
  async latestPerJob(db: Queryable, launchId: number): Promise<Map<string, JobRun>> {
    const rows = await db.query(
      `select distinct on (job) * from job_runs where launch_id = $1 or launch_id is null order by job, slot desc, id desc`,
      [launchId],
    );
    return new Map(rows.map((r) => [r.job as string, toRun(r)]));
  },
};
