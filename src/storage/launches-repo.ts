import type { Launch, Section } from "../domain/launches/types.js";
import { prepared, type Queryable, type Row } from "./database.js";
import { batched } from "./batch.js";
import { REQUEST_ID_TTL_MS } from "./slack-requests-repo.js";

export const toLaunch = (r: Row): Launch => ({
  id: r.id as number,
  name: r.name as string,
  checklistId: r.checklist_id as string,
  checklistTitle: r.checklist_title as string,
  launchDate: r.launch_date as string,
  timezone: r.timezone as string,
  url: (r.url as string | null) ?? null,
  settings: (r.settings as Record<string, unknown>) ?? {},
  createdBy: r.created_by as string,
  createdAt: r.created_at as Date,
  archivedAt: (r.archived_at as Date | null) ?? null,
});

/** What a command needs about its launch, read in one statement (see `launchesRepo.resolve`). */
export interface ResolvedRow {
  launch: Launch;
  /** The actor's granted role, null without a grant. */
  role: string | null;
  /** The earliest waiver end among skipped items: expiry needs a look only when it has passed. */
  earliestWaiver: string | null;
  /** Events and audit runs recorded for the launch so far: the versions cached rows are checked against. */
  events: number;
  audits: number;
}

/** One lookup of a batch (see `launchesRepo.resolve`). */
interface Lookup {
  name?: string;
  surface: string;
  conversation: string;
  principal: string;
  claim?: RequestClaim;
}

/**
 * A request id is a marker against re-sends, not a change: its statement commits without
 * waiting for the WAL flush. It is never lost ahead of a change made after it (WAL is flushed in
 * order, and every change commits synchronously); a server crash may forget the last few.
 * Lookups only run on a top-level handle, never inside a transaction (the setting is local to it).
 */
const ASYNC_COMMIT_WHEN_CLAIMING = "case when $CLAIM is not null then set_config('synchronous_commit', 'off', true) end as async_commit";

/**
 * Every lookup of the batch in one statement: `req` holds them in order; each row is the launch
 * found (all nulls when none) with the principal's role and the counts cached rows are checked
 * against, and whether its request id was recorded now (fresh) or before.
 */
const RESOLVE_BATCH = prepared(`
  with req as (
    select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])
      with ordinality as r(principal, name, surface, conversation, claim_key, claim_at, n)
  ),
  claimed as (
    insert into slack_requests (id, received_at) select claim_key, claim_at from req where claim_key is not null
    on conflict (id) do nothing returning id
  ),
  expired as (delete from slack_requests where received_at < $7)
  select req.n, (req.claim_key is null or req.claim_key in (select id from claimed)) as fresh, l.*,
    ${ASYNC_COMMIT_WHEN_CLAIMING.replace("$CLAIM", "req.claim_key")},
    (select r.role from roles r where r.launch_id = l.id and r.principal = req.principal) as actor_role,
    (select min(i.waiver_until) from items i where i.launch_id = l.id and i.state = 'skipped' and i.archived_at is null) as earliest_waiver,
    (select count(*) from events e where e.launch_id = l.id) as event_count,
    (select count(*) from audit_runs a where a.launch_id = l.id) as audit_count
  from req left join launches l on l.id = case
    when req.name is not null then (select a.id from launches a where a.name = req.name)
    else coalesce(
      (select c.launch_id from conversation_launches c where c.surface = req.surface and c.conversation = req.conversation),
      (select min(a.id) from launches a where a.archived_at is null having count(*) = 1))
    end
  order by req.n`);

/** The same for one lookup (an idle handle): a simpler statement, cheaper to plan than the unnest. */
const RESOLVE_ONE = prepared(`
  with claimed as (
    insert into slack_requests (id, received_at) select $5::text, $6::timestamptz where $5::text is not null
    on conflict (id) do nothing returning id
  ),
  expired as (delete from slack_requests where received_at < $7)
  select ($5::text is null or exists (select 1 from claimed)) as fresh, l.*,
    ${ASYNC_COMMIT_WHEN_CLAIMING.replace("$CLAIM", "$5::text")},
    (select r.role from roles r where r.launch_id = l.id and r.principal = $1) as actor_role,
    (select min(i.waiver_until) from items i where i.launch_id = l.id and i.state = 'skipped' and i.archived_at is null) as earliest_waiver,
    (select count(*) from events e where e.launch_id = l.id) as event_count,
    (select count(*) from audit_runs a where a.launch_id = l.id) as audit_count
  from (select 1) one left join launches l on l.id = case
    when $2::text is not null then (select a.id from launches a where a.name = $2)
    else coalesce(
      (select c.launch_id from conversation_launches c where c.surface = $3 and c.conversation = $4),
      (select min(a.id) from launches a where a.archived_at is null having count(*) = 1))
    end`);

/** Request ids older than a day are forgotten at most this often per handle (each sweep is a write). */
const SWEEP_EVERY_MS = 10 * 60 * 1000;
const lastSweep = new WeakMap<Queryable, number>();

/** Before what the statement forgets request ids: a day before the oldest claim, when a sweep is due; else nothing (epoch). */
function sweepBefore(db: Queryable, lookups: Lookup[]): Date {
  const ats = lookups.filter((l) => l.claim).map((l) => l.claim!.at.getTime());
  if (ats.length === 0) return new Date(0);
  const at = Math.min(...ats);
  const last = lastSweep.get(db);
  if (last !== undefined && at - last < SWEEP_EVERY_MS && at >= last) return new Date(0);
  lastSweep.set(db, at);
  return new Date(at - REQUEST_ID_TTL_MS);
}

async function resolveBatch(db: Queryable, lookups: Lookup[]): Promise<{ found: ResolvedRow | null; fresh: boolean }[]> {
  // A request id twice in one batch (a re-send racing its first delivery): only the first may claim it.
  const seen = new Set<string>();
  const repeated = lookups.map((l) => (l.claim ? seen.size === seen.add(l.claim.key).size : false));
  const col = <T>(pick: (l: Lookup, i: number) => T) => lookups.map(pick);
  const expiredBefore = sweepBefore(db, lookups);
  const one = lookups.length === 1 ? lookups[0]! : undefined;
  const rows = one
    ? await db.query(RESOLVE_ONE, [one.principal, one.name ?? null, one.surface, one.conversation, one.claim?.key ?? null, one.claim?.at ?? null, expiredBefore])
    : await db.query(RESOLVE_BATCH, [
    col((l) => l.principal),
    col((l) => l.name ?? null),
    col((l) => l.surface),
    col((l) => l.conversation),
    col((l, i) => (l.claim && !repeated[i] ? l.claim.key : null)),
    col((l, i) => (l.claim && !repeated[i] ? l.claim.at.toISOString() : null)),
    expiredBefore,
  ]);
  return rows.map((row, i) => ({
    found: row.id !== null
      ? {
          launch: toLaunch(row),
          role: (row.actor_role as string | null) ?? null,
          earliestWaiver: (row.earliest_waiver as string | null) ?? null,
          events: Number(row.event_count),
          audits: Number(row.audit_count),
        }
      : null,
    fresh: row.fresh === true && !repeated[i],
  }));
}

/** Concurrent lookups through one handle share statements (see batch.ts). */
const BATCH = { parallel: 2, max: 200 };
const resolvers = new WeakMap<Queryable, (lookup: Lookup) => Promise<{ found: ResolvedRow | null; fresh: boolean }>>();

/** A request id (Slack's) to record as handled in the same statement. */
export interface RequestClaim {
  key: string;
  at: Date;
}

export type NewLaunch = Omit<Launch, "id" | "archivedAt">;

export const launchesRepo = {
  async insert(db: Queryable, l: NewLaunch): Promise<Launch> {
    const [row] = await db.query(
      `insert into launches (name, checklist_id, checklist_title, launch_date, timezone, url, settings, created_by, created_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning *`,
      [l.name, l.checklistId, l.checklistTitle, l.launchDate, l.timezone, l.url, JSON.stringify(l.settings), l.createdBy, l.createdAt],
    );
    return toLaunch(row!);
  },
  async byName(db: Queryable, name: string): Promise<Launch | null> {
    const [row] = await db.query("select * from launches where name = $1", [name]);
    return row ? toLaunch(row) : null;
  },
  async byId(db: Queryable, id: number, forUpdate = false): Promise<Launch | null> {
    const [row] = await db.query(`select * from launches where id = $1${forUpdate ? " for update" : ""}`, [id]);
    return row ? toLaunch(row) : null;
  },
  /**
   * The launch by name, else the conversation's bound launch, else the only active one, with
   * the actor's role and what cached rows are checked against: one statement, shared with the
   * lookups of concurrent requests. `found` is null when there is none. With `claim`, the same
   * statement records a request id as handled (forgetting ids older than a day); `fresh` is
   * false when it already was (a re-sent request).
   */
  resolve(db: Queryable, by: Lookup): Promise<{ found: ResolvedRow | null; fresh: boolean }> {
    let resolver = resolvers.get(db);
    if (!resolver) {
      resolver = batched((lookups: Lookup[]) => resolveBatch(db, lookups), BATCH);
      resolvers.set(db, resolver);
    }
    return resolver(by);
  },
  /** One page of launches in `list` order, and how many there are in all (one statement). */
  async page(db: Queryable, opts: { includeArchived?: boolean; limit: number; offset?: number }): Promise<{ launches: Launch[]; total: number }> {
    const where = opts.includeArchived ? "" : "where archived_at is null";
    const rows = await db.query(
      `select (select count(*) from launches ${where}) as total_count, p.*
       from (select 1) one left join lateral (
         select * from launches ${where} order by launch_date, name limit ${Math.trunc(opts.limit)} offset ${Math.trunc(opts.offset ?? 0)}
       ) p on true`,
    );
    return { launches: rows.filter((r) => r.id !== null).map(toLaunch), total: Number(rows[0]?.total_count ?? 0) };
  },
  async list(db: Queryable, opts: { includeArchived?: boolean } = {}): Promise<Launch[]> {
    const rows = await db.query(
      `select * from launches ${opts.includeArchived ? "" : "where archived_at is null"} order by launch_date, name`,
    );
    return rows.map(toLaunch);
  },
  async update(db: Queryable, id: number, fields: Partial<Pick<Launch, "launchDate" | "timezone" | "url" | "settings" | "archivedAt" | "checklistTitle">>) {
    const columns: Record<string, unknown> = {
      launch_date: fields.launchDate,
      timezone: fields.timezone,
      url: fields.url,
      settings: fields.settings === undefined ? undefined : JSON.stringify(fields.settings),
      archived_at: fields.archivedAt,
      checklist_title: fields.checklistTitle,
    };
    const set = Object.entries(columns).filter(([, v]) => v !== undefined);
    if (set.length === 0) return;
    await db.query(
      `update launches set ${set.map(([c], i) => `${c} = $${i + 2}`).join(", ")} where id = $1`,
      [id, ...set.map(([, v]) => v)],
    );
  },
  async replaceSections(db: Queryable, launchId: number, sections: Section[]) {
    await db.query("delete from sections where launch_id = $1", [launchId]);
    if (sections.length === 0) return;
    await db.query(
      `insert into sections (launch_id, ref, title, parent_ref, position, phase)
       select $1, ref, title, "parentRef", position, phase
       from jsonb_to_recordset($2::jsonb) as x(ref text, title text, "parentRef" text, position int, phase text)`,
      [launchId, JSON.stringify(sections)],
    );
  },
  async sections(db: Queryable, launchId: number): Promise<Section[]> {
    const rows = await db.query("select * from sections where launch_id = $1 order by position", [launchId]);
    return rows.map((r) => ({
      ref: r.ref as string,
      title: r.title as string,
      parentRef: (r.parent_ref as string | null) ?? null,
      position: r.position as number,
      phase: (r.phase as Section["phase"]) ?? null,
    }));
  },
};
