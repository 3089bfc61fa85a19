import type { Launch, Section } from "../domain/launches/types.js";
import type { Queryable, Row } from "./database.js";

const toLaunch = (r: Row): Launch => ({
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
