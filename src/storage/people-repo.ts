import type { Queryable } from "./database.js";

export interface Person {
  surface: string;
  userId: string;
  displayName: string;
  handle: string | null;
}

export const peopleRepo = {
  /** Keeps (or refreshes) a person's display name as a surface reported it. Blank names are ignored. */
  async remember(db: Queryable, p: { surface: string; userId: string; displayName: string | undefined | null; handle?: string | null; at: Date }) {
    const name = p.displayName?.replace(/\s+/g, " ").trim();
    if (!name || !p.userId) return;
    await db.query(
      `insert into people (surface, user_id, display_name, handle, updated_at) values ($1, $2, $3, $4, $5)
       on conflict (surface, user_id) do update set display_name = excluded.display_name,
         handle = coalesce(excluded.handle, people.handle), updated_at = excluded.updated_at
       where people.display_name is distinct from excluded.display_name or excluded.handle is distinct from people.handle`,
      [p.surface, p.userId, name.slice(0, 200), p.handle?.trim() || null, p.at],
    );
  },
  /** Display names of these ids (any surface), by id. */
  async names(db: Queryable, ids: readonly string[]): Promise<Map<string, string>> {
    const wanted = [...new Set(ids.map((id) => id.replace(/^@/, "")).filter(Boolean))];
    if (wanted.length === 0) return new Map();
    const rows = await db.query("select user_id, display_name from people where user_id = any($1::text[]) order by updated_at", [wanted]);
    return new Map(rows.map((r) => [r.user_id as string, r.display_name as string]));
  },
  /** These people (ids as stored, `@` or not) as a post can mention them: on each surface golive knows them, with their display name. */
  async mentions(db: Queryable, ids: readonly (string | null | undefined)[]): Promise<{ surface: string; id: string; name: string }[]> {
    const wanted = [...new Set(ids.flatMap((id) => (id ? [id.replace(/^@/, "")] : [])))];
    if (wanted.length === 0) return [];
    const rows = await db.query("select surface, user_id, display_name from people where user_id = any($1::text[]) order by lower(display_name), user_id", [wanted]);
    return rows.map((r) => ({ surface: r.surface as string, id: r.user_id as string, name: r.display_name as string }));
  },
  /** The people golive knows on a surface, by display name (at most `limit`), e.g. for a person picker. */
  async onSurface(db: Queryable, surface: string, limit: number): Promise<Person[]> {
    const rows = await db.query(
      "select surface, user_id, display_name, handle from people where surface = $1 order by lower(display_name), user_id limit $2",
      [surface, limit],
    );
    return rows.map((r) => ({ surface: r.surface as string, userId: r.user_id as string, displayName: r.display_name as string, handle: (r.handle as string | null) ?? null }));
  },
  /** People of a surface whose handle or display name is `name` (case-insensitive). */
  async byName(db: Queryable, surface: string, name: string): Promise<Person[]> {
    const rows = await db.query(
      `select surface, user_id, display_name, handle from people
       where surface = $1 and (lower(handle) = lower($2) or lower(display_name) = lower($2)) order by user_id`,
      [surface, name.trim()],
    );
    return rows.map((r) => ({ surface: r.surface as string, userId: r.user_id as string, displayName: r.display_name as string, handle: (r.handle as string | null) ?? null }));
  },
};

/** Display names of the owners of these items (no query when nobody owns any). */
export async function ownerNames(db: Queryable, items: readonly { owner: string | null }[]): Promise<Map<string, string>> {
  const owners = items.flatMap((i) => (i.owner ? [i.owner] : []));
  return owners.length === 0 ? new Map() : peopleRepo.names(db, owners);
}
