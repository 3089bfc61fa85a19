// The database being backed up (or restored into), reached through the URL held by an
// environment variable. The password goes to pg_dump / pg_restore in their environment
// (PGPASSWORD), never on a command line.
import pg from "pg";
import { GoliveError } from "../../errors.js";
import type { TableCount } from "./types.js";

export interface DatabaseAddress {
  /** The env variable the URL came from, for messages. */
  env: string;
  /** postgres:// URL without the password. */
  url: URL;
  password: string | null;
  database: string;
}

/** Reads and checks the URL held by `env`; the message names the variable, never its value. */
export function addressFromEnv(env: string): DatabaseAddress {
  const value = process.env[env];
  if (value === undefined || value.trim() === "") {
    throw new GoliveError("config", `The environment variable ${env} is not set.`, `Set ${env} to the database's URL (postgres://user:password@host:5432/dbname) where golive runs, then try again.`);
  }
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new GoliveError("config", `${env} does not hold a URL.`, `Set ${env} to postgres://user:password@host:5432/dbname.`);
  }
  if (url.protocol !== "postgres:" && url.protocol !== "postgresql:") {
    throw new GoliveError("config", `${env} holds a ${url.protocol}// URL, not a PostgreSQL one.`, `Set ${env} to postgres://user:password@host:5432/dbname.`);
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ""));
  if (!database) throw new GoliveError("config", `The URL in ${env} names no database.`, `Add it: postgres://user@host:5432/dbname.`);
  const password = url.password ? decodeURIComponent(url.password) : null;
  url.password = "";
  return { env, url, password, database };
}

/** The same server, another database (a drill's scratch database). */
export function withDatabase(address: DatabaseAddress, database: string): DatabaseAddress {
  const url = new URL(address.url);
  url.pathname = `/${encodeURIComponent(database)}`;
  return { ...address, url, database };
}

/** The environment pg_dump / pg_restore get: the password and nothing of golive's. */
export function pgEnv(address: DatabaseAddress): Record<string, string> {
  return { PGAPPNAME: "golive-backup", PGCONNECT_TIMEOUT: "10", ...(address.password ? { PGPASSWORD: address.password } : {}) };
}

export async function connect(address: DatabaseAddress): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: address.url.toString(), password: address.password ?? undefined, connectionTimeoutMillis: 10_000, application_name: "golive-backup" });
  client.on("error", () => {});
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw new GoliveError(
      "config",
      `golive cannot reach the database in ${address.env} (${address.url.host}/${address.database}): ${(error as Error).message}.`,
      `Check that ${address.env} points at a running PostgreSQL that accepts golive's connections.`,
    );
  }
  return client;
}

export async function serverVersion(client: pg.Client): Promise<{ text: string; major: number }> {
  const { rows } = await client.query<{ num: string; text: string }>("select current_setting('server_version_num') as num, current_setting('server_version') as text");
  const num = Number(rows[0]!.num);
  const major = Math.floor(num / 10_000);
  return { text: `${major}.${num % 10_000}`, major };
}

// Ordinary tables pg_dump writes the data of: not system, temporary or extension-owned ones.
const DUMPED_TABLES = `
  select n.nspname as schema, c.relname as name
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where c.relkind = 'r' and c.relpersistence <> 't'
    and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_toast%' and n.nspname not like 'pg\\_temp%'
    and not exists (select 1 from pg_depend d where d.classid = 'pg_class'::regclass and d.objid = c.oid and d.deptype = 'e')
  order by 1, 2`;

/** Rows per table as this connection's transaction sees them (in a drill, or inside the exported snapshot). */
export async function countRows(client: pg.Client): Promise<TableCount[]> {
  const { rows } = await client.query<{ schema: string; name: string }>(DUMPED_TABLES);
  const counts: TableCount[] = [];
  for (const t of rows) {
    const q = `select count(*)::text as n from only ${client.escapeIdentifier(t.schema)}.${client.escapeIdentifier(t.name)}`;
    const result = await client.query<{ n: string }>(q);
    counts.push({ table: `${t.schema}.${t.name}`, rows: Number(result.rows[0]!.n) });
  }
  return counts;
}

/** Objects pg_dump must read that this role may not: what `backup set` refuses with. */
export async function unreadableObjects(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ what: string }>(`
    select 'schema ' || n.nspname as what from pg_namespace n
    where n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%' and not has_schema_privilege(n.oid, 'USAGE')
    union all
    select case c.relkind when 'S' then 'sequence ' else 'table ' end || n.nspname || '.' || c.relname
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('r', 'p', 'S', 'm') and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'
      and not has_table_privilege(c.oid, 'SELECT')
    order by 1`);
  return rows.map((r) => r.what);
}

export async function databaseSize(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ size: string }>("select pg_database_size(current_database())::text as size");
  return Number(rows[0]!.size);
}
