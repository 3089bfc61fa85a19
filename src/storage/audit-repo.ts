import type { AuditItemChange, AuditRun, KnownResult, NewAuditRun } from "../domain/audit/audit-run.js";
import type { CheckResult } from "../domain/audit/types.js";
import type { Queryable, Row } from "./database.js";

const toRun = (r: Row): AuditRun => ({
  id: r.id as number,
  launchId: r.launch_id as number,
  trigger: r.trigger as AuditRun["trigger"],
  actor: r.actor as string,
  surface: r.surface as AuditRun["surface"],
  startedAt: r.started_at as Date,
  finishedAt: r.finished_at as Date,
  score: (r.score as number | null) ?? null,
  grade: (r.grade as string | null) ?? null,
  unreachable: (r.unreachable as string | null) ?? null,
  requests: r.requests as number,
  target: (r.target as Record<string, unknown> | null) ?? null,
  results: (r.results as CheckResult[]) ?? [],
  itemChanges: (r.item_changes as AuditItemChange[]) ?? [],
});

export const auditRepo = {
  /** A run read as JSON (`row_to_json`): timestamps arrive as strings. */
  fromJson(r: Row): AuditRun {
    return toRun({ ...r, started_at: new Date(r.started_at as string), finished_at: new Date(r.finished_at as string) });
  },
  async insert(db: Queryable, run: NewAuditRun): Promise<AuditRun> {
    const [row] = await db.query(
      `insert into audit_runs (launch_id, trigger, actor, surface, started_at, finished_at, score, grade, requests, target, results, unreachable)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) returning *`,
      [run.launchId, run.trigger, run.actor, run.surface, run.startedAt, run.finishedAt, run.score, run.grade, run.requests,
        run.target === null ? null : JSON.stringify(run.target), JSON.stringify(run.results), run.unreachable],
    );
    return toRun(row!);
  },
  async setItemChanges(db: Queryable, runId: number, changes: AuditItemChange[]) {
    await db.query("update audit_runs set item_changes = $2 where id = $1", [runId, JSON.stringify(changes)]);
  },
  async byId(db: Queryable, launchId: number, runId: number): Promise<AuditRun | null> {
    const [row] = await db.query("select * from audit_runs where launch_id = $1 and id = $2", [launchId, runId]);
    return row ? toRun(row) : null;
  },
  async last(db: Queryable, launchId: number, opts: { liveOnly?: boolean } = {}): Promise<AuditRun | null> {
    // Live audits probe a target; recorded results (check --deploy, golive's own jobs) have none.
    const live = opts.liveOnly ? "and target is not null" : "";
    const [row] = await db.query(`select * from audit_runs where launch_id = $1 ${live} order by id desc limit 1`, [launchId]);
    return row ? toRun(row) : null;
  },
  /** The latest result of every check ever run for the launch. */
  async latestResults(db: Queryable, launchId: number): Promise<Map<string, KnownResult>> {
    const rows = await db.query<{ result: CheckResult; run_id: number; at: Date }>(
      `select distinct on (r.value->>'id') r.value as result, a.id as run_id, a.finished_at as at
       from audit_runs a cross join lateral jsonb_array_elements(a.results) r
       where a.launch_id = $1
       order by r.value->>'id', a.id desc`,
      [launchId],
    );
    return new Map(rows.map((row) => [row.result.id, { ...row.result, runId: row.run_id, at: row.at }]));
  },
  async setTokenHash(db: Queryable, launchId: number, tokenHash: string, createdBy: string, at: Date) {
    await db.query(
      `insert into audit_tokens (launch_id, token_hash, created_by, created_at) values ($1, $2, $3, $4)
       on conflict (launch_id) do update set token_hash = excluded.token_hash, created_by = excluded.created_by, created_at = excluded.created_at`,
      [launchId, tokenHash, createdBy, at],
    );
  },
  async tokenHash(db: Queryable, launchId: number): Promise<string | null> {
    const [row] = await db.query<{ token_hash: string }>("select token_hash from audit_tokens where launch_id = $1", [launchId]);
    return row?.token_hash ?? null;
  },
};
