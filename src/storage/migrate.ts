import { readdir, readFile } from "node:fs/promises";
import { GoliveError } from "../errors.js";
import type { Database } from "./database.js";

const migrationsDir = new URL("./migrations/", import.meta.url);

/** Applies every migration in migrations/ not yet applied, each in its own transaction. */
export async function migrate(db: Database): Promise<string[]> {
  const files = (await readdir(migrationsDir)).filter((f) => f.endsWith(".sql")).sort();
  // The cheap marker: when every migration is recorded, one query is all a start costs.
  const recorded = await recordedVersions(db);
  if (recorded && files.every((file) => recorded.has(file.replace(/\.sql$/, "")))) return [];
  await db.exec(
    "create table if not exists schema_migrations (version text primary key, applied_at timestamptz not null default now())",
  );
  const applied: string[] = [];
  for (const file of files) {
    const version = file.replace(/\.sql$/, "");
    const sql = await readFile(new URL(file, migrationsDir), "utf8");
    const ran = await db.transaction(async (tx) => {
      // Replicas starting together: the lock makes the second wait, then see the row.
      // A migration may rewrite a big table: no statement timeout inside it.
      if (db.engine === "postgres") await tx.exec("set local statement_timeout = 0; lock table schema_migrations in exclusive mode");
      const done = await tx.query("select 1 from schema_migrations where version = $1", [version]);
      if (done.length > 0) return false;
      await tx.exec(sql);
      await tx.query("insert into schema_migrations (version) values ($1)", [version]);
      return true;
    });
    if (ran) applied.push(version);
  }
  return applied;
}

/**
 * Throws unless every migration is recorded as applied: a database dropped and recreated
 * empty answers `select 1` but has no tables, and golive cannot work on it.
 */
export async function assertSchemaReady(db: Database): Promise<void> {
  const files = (await readdir(migrationsDir)).filter((f) => f.endsWith(".sql"));
  let recorded: Set<string>;
  try {
    recorded = new Set((await db.query<{ version: string }>("select version from schema_migrations")).map((row) => row.version));
  } catch (error) {
    if ((error as { code?: string }).code !== "42P01") throw error;
    recorded = new Set();
  }
  const missing = files.map((f) => f.replace(/\.sql$/, "")).filter((v) => !recorded.has(v));
  if (missing.length > 0) {
    throw new GoliveError("unavailable", `golive's tables are missing from the database (${missing.length} migration(s) not applied, e.g. ${missing[0]}).`, "Restart golive: it applies its migrations at start.");
  }
}

/** The versions recorded as applied, or null before the first migration (no table yet). */
async function recordedVersions(db: Database): Promise<Set<string> | null> {
  try {
    return new Set((await db.query<{ version: string }>("select version from schema_migrations")).map((row) => row.version));
  } catch {
    return null;
  }
}
