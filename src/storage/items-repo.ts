import type { Item, ItemStatePart } from "../domain/launches/types.js";
import type { Queryable, Row } from "./database.js";

const toItem = (r: Row): Item => ({
  key: r.key as string,
  ref: r.ref as string,
  sectionRef: r.section_ref as string,
  parentKey: (r.parent_key as string | null) ?? null,
  position: r.position as number,
  text: r.text as string,
  critical: r.critical as boolean,
  phase: (r.phase as Item["phase"]) ?? null,
  audit: (r.audit as string[]) ?? [],
  evidence: (r.evidence as string[]) ?? [],
  state: r.state as Item["state"],
  doneKind: (r.done_kind as Item["doneKind"]) ?? null,
  reason: (r.reason as string | null) ?? null,
  waiverUntil: (r.waiver_until as string | null) ?? null,
  owner: (r.owner as string | null) ?? null,
  due: (r.due as string | null) ?? null,
  archivedAt: (r.archived_at as Date | null) ?? null,
  updatedAt: r.updated_at as Date,
});

export const itemsRepo = {
  /** Inserts many items in one statement (a launch has hundreds). */
  async insertMany(db: Queryable, launchId: number, items: Item[]) {
    if (items.length === 0) return;
    const rows = items.map((i) => ({
      key: i.key, ref: i.ref, section_ref: i.sectionRef, parent_key: i.parentKey, position: i.position, text: i.text,
      critical: i.critical, phase: i.phase, audit: i.audit, evidence: i.evidence, state: i.state, done_kind: i.doneKind, reason: i.reason,
      waiver_until: i.waiverUntil, owner: i.owner, due: i.due, archived_at: i.archivedAt, updated_at: i.updatedAt,
    }));
    await db.query(
      `insert into items (launch_id, key, ref, section_ref, parent_key, position, text, critical, phase, audit, evidence,
         state, done_kind, reason, waiver_until, owner, due, archived_at, updated_at)
       select $1, key, ref, section_ref, parent_key, position, text, critical, phase, audit, evidence,
         state, done_kind, reason, waiver_until, owner, due, archived_at, updated_at
       from jsonb_to_recordset($2::jsonb) as x(key text, ref text, section_ref text, parent_key text, position int, text text,
         critical boolean, phase text, audit jsonb, evidence jsonb, state text, done_kind text, reason text, waiver_until date, owner text,
         due date, archived_at timestamptz, updated_at timestamptz)`,
      [launchId, JSON.stringify(rows)],
    );
  },
  /** Active (not archived) items in checklist order. */
  async list(db: Queryable, launchId: number, opts: { includeArchived?: boolean } = {}): Promise<Item[]> {
    const rows = await db.query(
      `select * from items where launch_id = $1 ${opts.includeArchived ? "" : "and archived_at is null"} order by position`,
      [launchId],
    );
    return rows.map(toItem);
  },
  /** Locks the row until the transaction ends, so concurrent changes serialise. */
  async lock(db: Queryable, launchId: number, key: string): Promise<Item | null> {
    const [row] = await db.query("select * from items where launch_id = $1 and key = $2 for update", [launchId, key]);
    return row ? toItem(row) : null;
  },
  async setState(db: Queryable, launchId: number, key: string, part: ItemStatePart, at: Date) {
    await db.query(
      `update items set state = $3, done_kind = $4, reason = $5, waiver_until = $6, owner = $7, due = $8, updated_at = $9
       where launch_id = $1 and key = $2`,
      [launchId, key, part.state, part.doneKind, part.reason, part.waiverUntil, part.owner, part.due, at],
    );
  },
  /** Re-applies the checklist's shape (ref, position, text, flags) without touching state. */
  async reshape(db: Queryable, launchId: number, item: Item) {
    await db.query(
      `update items set ref = $3, section_ref = $4, parent_key = $5, position = $6, text = $7, critical = $8,
         phase = $9, audit = $10, evidence = $12, archived_at = null, updated_at = $11
       where launch_id = $1 and key = $2`,
      [launchId, item.key, item.ref, item.sectionRef, item.parentKey, item.position, item.text, item.critical,
        item.phase, JSON.stringify(item.audit), item.updatedAt, JSON.stringify(item.evidence)],
    );
  },
  async archive(db: Queryable, launchId: number, key: string, at: Date) {
    await db.query("update items set archived_at = $3, updated_at = $3 where launch_id = $1 and key = $2", [launchId, key, at]);
  },
};
