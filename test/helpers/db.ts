import { randomBytes } from "node:crypto";
import { afterAll, beforeEach } from "vitest";
import type { Database } from "../../src/storage/database.js";
import { migrate } from "../../src/storage/migrate.js";
import { openPostgres } from "../../src/storage/pg-engine.js";
import { openPglite } from "../../src/storage/pglite-engine.js";

export type Engine = "pglite" | "postgres";

/** PGlite always; PostgreSQL too when TEST_DATABASE_URL is set (CI sets it). */
export const engines: Engine[] = process.env.TEST_DATABASE_URL ? ["pglite", "postgres"] : ["pglite"];

const open = new Map<Engine, Promise<Database>>();

/**
 * One database per engine per test file (a PGlite costs ~2 s to create), emptied before
 * each test. On PostgreSQL each file gets its own schema, so files run in parallel safely.
 */
export function useDatabase(engine: Engine): () => Database {
  let db: Database | undefined;
  beforeEach(async () => {
    if (!open.has(engine)) open.set(engine, create(engine));
    db = await open.get(engine)!;
    await truncateAll(db);
  });
  afterAll(async () => {
    const pending = open.get(engine);
    open.delete(engine);
    const d = await pending;
    if (!d) return;
    if (d.engine === "postgres") await d.exec(`drop schema if exists ${schemaOf(d)} cascade`).catch(() => {});
    await d.close();
  });
  return () => {
    if (!db) throw new Error("useDatabase: the database is only available inside tests");
    return db;
  };
}

const schemas = new WeakMap<Database, string>();
const schemaOf = (db: Database) => schemas.get(db)!;

async function create(engine: Engine): Promise<Database> {
  if (engine === "pglite") {
    const db = await openPglite();
    await migrate(db);
    return db;
  }
  const schema = `golive_test_${randomBytes(6).toString("hex")}`;
  const db = await openPostgres({ connectionString: process.env.TEST_DATABASE_URL!, schema, max: 8 });
  schemas.set(db, schema);
  await migrate(db);
  return db;
}

export async function tableNames(db: Database): Promise<string[]> {
  const rows = await db.query<{ name: string }>(
    "select tablename as name from pg_tables where schemaname = current_schema() and tablename <> 'schema_migrations' order by 1",
  );
  return rows.map((r) => r.name);
}

async function truncateAll(db: Database) {
  const names = await tableNames(db);
  if (names.length > 0) await db.exec(`truncate ${names.join(", ")} restart identity cascade`);
}

/** Every row of every table, to assert that a refused command changed nothing at all. */
export async function snapshot(db: Database): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of await tableNames(db)) {
    const [row] = await db.query<{ j: string }>(`select coalesce(json_agg(x order by x::text), '[]'::json)::text as j from ${name} x`);
    out[name] = row!.j;
  }
  return out;
}

/**
 * A fresh PostgreSQL schema on TEST_DATABASE_URL for golive child processes: `url` selects it
 * (DATABASE_URL), `admin` reads it (table names need `${schema}.`). Dropped after `fn`.
 */
export async function withChildSchema(fn: (ctx: { url: string; schema: string; admin: Database }) => Promise<void>) {
  const schema = `golive_child_${randomBytes(6).toString("hex")}`;
  const admin = await openPostgres({ connectionString: process.env.TEST_DATABASE_URL! });
  await admin.exec(`create schema ${schema}`);
  try {
    const url = new URL(process.env.TEST_DATABASE_URL!);
    url.searchParams.set("options", `-c search_path=${schema}`);
    await fn({ url: url.toString(), schema, admin });
  } finally {
    await admin.exec(`drop schema ${schema} cascade`);
    await admin.close();
  }
}
