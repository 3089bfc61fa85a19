import type { LaunchEvent } from "../domain/launches/types.js";
import type { Queryable, Row } from "./database.js";

export const toEvent = (r: Row): LaunchEvent => ({
  id: r.id as number,
  launchId: (r.launch_id as number | null) ?? null,
  itemKey: (r.item_key as string | null) ?? null,
  kind: r.kind as string,
  actor: r.actor as string,
  surface: r.surface as LaunchEvent["surface"],
  at: r.at as Date,
  before: (r.before as Record<string, unknown> | null) ?? null,
  after: (r.after as Record<string, unknown> | null) ?? null,
  note: (r.note as string | null) ?? null,
});

export type NewEvent = Omit<LaunchEvent, "id">;

export const eventsRepo = {
  async append(db: Queryable, e: NewEvent): Promise<LaunchEvent> {
    const [row] = await db.query(
      `insert into events (launch_id, item_key, kind, actor, surface, at, before, after, note)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning *`,
      [e.launchId, e.itemKey, e.kind, e.actor, e.surface, e.at,
        e.before === null ? null : JSON.stringify(e.before), e.after === null ? null : JSON.stringify(e.after), e.note],
    );
    return toEvent(row!);
  },
  /** Newest first, with the total count for paging. */
  async list(db: Queryable, launchId: number, opts: { itemKey?: string; kindPrefix?: string; limit: number; offset?: number }) {
    const filters = ["launch_id = $1"];
    const params: unknown[] = [launchId];
    if (opts.itemKey) {
      params.push(opts.itemKey);
      filters.push(`item_key = $${params.length}`);
    }
    if (opts.kindPrefix) {
      params.push(`${opts.kindPrefix}%`);
      filters.push(`kind like $${params.length}`);
    }
    const where = filters.join(" and ");
    const [count] = await db.query<{ n: number }>(`select count(*)::int as n from events where ${where}`, params);
    const rows = await db.query(
      `select * from events where ${where} order by id desc limit ${Math.trunc(opts.limit)} offset ${Math.trunc(opts.offset ?? 0)}`,
      params,
    );
    return { events: rows.map(toEvent), total: count?.n ?? 0 };
  },
};
