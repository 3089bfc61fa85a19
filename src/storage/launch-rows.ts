// The rows every read command needs about one launch (its sections and active items, the last
// live audit and the latest check results), read in one statement each and kept per database
// handle while the launch's versions stay the same. Every change to items or sections appends
// an event in its transaction, and audit runs are only ever inserted, so the counts of events
// and audit runs only grow with each commit: a count read before the rows (in the same
// request's launch lookup) never labels rows older than it. A change by another replica
// changes the count, so the next request re-reads. Nothing here is shared between handles.
import type { AuditRun, KnownResult } from "../domain/audit/audit-run.js";
import type { CheckResult } from "../domain/audit/types.js";
import type { Item, LaunchEvent, Section } from "../domain/launches/types.js";
import { auditRepo } from "./audit-repo.js";
import type { Database, Queryable } from "./database.js";
import { toEvent } from "./events-repo.js";

export interface LaunchVersions {
  /** Events recorded for the launch. */
  events: number;
  /** Audit runs recorded for the launch. */
  audits: number;
}

export interface LaunchRows {
  sections: Section[];
  items: Item[];
  /** The last go/no-go decision, if any (decisions are events, so the events count covers it). */
  decision: LaunchEvent | undefined;
  /** Display names of the owners and of the decider, by id (names change without an event: they refresh with the rows). */
  names: Map<string, string>;
}

export interface AuditRows {
  last: AuditRun | null;
  latest: Map<string, KnownResult>;
}

interface Entry {
  events?: number;
  rows?: LaunchRows;
  audits?: number;
  audit?: AuditRows;
}

/** Launches kept per handle; the least recently used is dropped beyond this. */
const MAX_LAUNCHES = 64;
const caches = new WeakMap<Queryable, Map<number, Entry>>();

function entryOf(db: Queryable, launchId: number): Entry {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  const entry = cache.get(launchId) ?? {};
  cache.delete(launchId);
  cache.set(launchId, entry);
  if (cache.size > MAX_LAUNCHES) cache.delete(cache.keys().next().value!);
  return entry;
}

/** Sections and active items in checklist order; from the cache when `versions` (read earlier in the request) still match. */
export async function launchRows(db: Database | Queryable, launchId: number, versions?: LaunchVersions): Promise<LaunchRows> {
  if (!versions) return readLaunchRows(db, launchId);
  const entry = entryOf(db, launchId);
  if (entry.rows && entry.events === versions.events) return entry.rows;
  const rows = await readLaunchRows(db, launchId);
  entry.rows = rows;
  entry.events = versions.events;
  return rows;
}

/** The last live audit run and the latest result of every check; cached like launchRows. */
export async function auditRows(db: Database | Queryable, launchId: number, versions?: LaunchVersions): Promise<AuditRows> {
  if (!versions) return readAuditRows(db, launchId);
  const entry = entryOf(db, launchId);
  if (entry.audit && entry.audits === versions.audits) return entry.audit;
  const audit = await readAuditRows(db, launchId);
  entry.audit = audit;
  entry.audits = versions.audits;
  return audit;
}

type JsonItem = Omit<Item, "archivedAt" | "updatedAt"> & { archivedAt: string | null; updatedAt: string };

async function readLaunchRows(db: Queryable, launchId: number): Promise<LaunchRows> {
  const [row] = await db.query<{ sections: Section[] | null; items: JsonItem[] | null; decision: Record<string, unknown> | null; names: Record<string, string> | null }>(
    `select
       (select json_agg(json_build_object('ref', s.ref, 'title', s.title, 'parentRef', s.parent_ref, 'position', s.position, 'phase', s.phase)
          order by s.position) from sections s where s.launch_id = $1) as sections,
       (select json_agg(json_build_object('key', i.key, 'ref', i.ref, 'sectionRef', i.section_ref, 'parentKey', i.parent_key,
          'position', i.position, 'text', i.text, 'critical', i.critical, 'phase', i.phase, 'audit', i.audit, 'evidence', i.evidence,
          'state', i.state, 'doneKind', i.done_kind, 'reason', i.reason, 'waiverUntil', i.waiver_until, 'owner', i.owner,
          'due', i.due, 'archivedAt', i.archived_at, 'updatedAt', i.updated_at) order by i.position)
          from items i where i.launch_id = $1 and i.archived_at is null) as items,
       (select row_to_json(e) from events e where e.launch_id = $1 and e.kind like 'decision.%' order by e.id desc limit 1) as decision,
       (select json_object_agg(p.user_id, p.display_name) from (
          select distinct on (user_id) user_id, display_name from people
          where user_id in (select ltrim(i.owner, '@') from items i where i.launch_id = $1 and i.archived_at is null and i.owner is not null)
             or user_id = (select e.actor from events e where e.launch_id = $1 and e.kind like 'decision.%' order by e.id desc limit 1)
          order by user_id, updated_at desc) p) as names`,
    [launchId],
  );
  const items = (row?.items ?? []).map((i) =>
    Object.freeze({ ...i, audit: i.audit ?? [], evidence: i.evidence ?? [], archivedAt: i.archivedAt === null ? null : new Date(i.archivedAt), updatedAt: new Date(i.updatedAt) }),
  );
  const decision = row?.decision ? toEvent({ ...row.decision, at: new Date(row.decision.at as string) }) : undefined;
  // Frozen: requests share them while the versions match (and what is derived from them is kept by identity).
  return { sections: Object.freeze((row?.sections ?? []).map((s) => Object.freeze(s))) as Section[], items: Object.freeze(items) as Item[], decision, names: new Map(Object.entries(row?.names ?? {})) };
}

async function readAuditRows(db: Queryable, launchId: number): Promise<AuditRows> {
  const [row] = await db.query<{ last: Record<string, unknown> | null; latest: { result: CheckResult; run_id: number; at: string }[] | null }>(
    `select
       (select row_to_json(a) from audit_runs a where a.launch_id = $1 and a.target is not null order by a.id desc limit 1) as last,
       (select json_agg(json_build_object('result', x.result, 'run_id', x.run_id, 'at', x.at)) from (
          select distinct on (r.value->>'id') r.value as result, a.id as run_id, a.finished_at as at
          from audit_runs a cross join lateral jsonb_array_elements(a.results) r
          where a.launch_id = $1
          order by r.value->>'id', a.id desc) x) as latest`,
    [launchId],
  );
  const last = row?.last ? auditRepo.fromJson(row.last) : null;
  const latest = new Map((row?.latest ?? []).map((r) => [r.result.id, { ...r.result, runId: r.run_id, at: new Date(r.at) }] as const));
  return { last, latest };
}
