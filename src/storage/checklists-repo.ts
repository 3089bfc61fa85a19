import type { Queryable } from "./database.js";

export interface StoredChecklist {
  id: string;
  title: string;
  source: string;
  importedBy: string;
  importedAt: Date;
}

/** Checklists imported at run time; the shipped ones live in checklists/. */
export const checklistsRepo = {
  async upsert(db: Queryable, c: StoredChecklist) {
    await db.query(
      `insert into checklists (id, title, source, imported_by, imported_at) values ($1, $2, $3, $4, $5)
       on conflict (id) do update set title = excluded.title, source = excluded.source,
         imported_by = excluded.imported_by, imported_at = excluded.imported_at`,
      [c.id, c.title, c.source, c.importedBy, c.importedAt],
    );
  },
  async get(db: Queryable, id: string): Promise<StoredChecklist | null> {
    const [r] = await db.query("select * from checklists where id = $1", [id]);
    if (!r) return null;
    return { id: r.id as string, title: r.title as string, source: r.source as string, importedBy: r.imported_by as string, importedAt: r.imported_at as Date };
  },
  async list(db: Queryable): Promise<{ id: string; title: string; importedAt: Date }[]> {
    const rows = await db.query("select id, title, imported_at from checklists order by id");
    return rows.map((r) => ({ id: r.id as string, title: r.title as string, importedAt: r.imported_at as Date }));
  },
};
