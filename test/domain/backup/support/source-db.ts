// A real source database on the machine's PostgreSQL for the backup tests: a 100k-row
// table with bytea and unicode text, a second schema, a view, a sequence, an empty table.
import { randomBytes } from "node:crypto";
import pg from "pg";

export const SERVER_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";

export function urlOf(database: string): string {
  const url = new URL(SERVER_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export interface SourceDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

export const USERS = 100_000;
export const INVOICES = 1_000;

export async function createSourceDatabase(rows = USERS): Promise<SourceDatabase> {
  const name = `golive_src_${randomBytes(5).toString("hex")}`;
  await admin((c) => c.query(`create database ${name}`));
  const client = new pg.Client({ connectionString: urlOf(name) });
  await client.connect();
  try {
    await client.query(`
      create schema billing;
      create sequence public.ticket_seq;
      select setval('public.ticket_seq', 42);
      create table public.users (id bigint primary key, name text not null, avatar bytea not null);
      -- 128 bytes of hash per row: incompressible, so the artifact is larger than one S3 part.
      insert into public.users select g, 'Zoë Ørsted ' || g || ' 日本語 😀', sha512(g::text::bytea) || sha512((g * 7)::text::bytea)
        from generate_series(1, ${rows}) g;
      create table billing.invoices (id int primary key, user_id bigint references public.users, amount numeric(10, 2), note text);
      insert into billing.invoices select g, g, g * 1.5, 'Rechnung für ' || g from generate_series(1, ${INVOICES}) g;
      create table public.empty_table (id int);
      create view public.big_spenders as select u.name, sum(i.amount) as total from public.users u join billing.invoices i on i.user_id = u.id group by u.name;
    `);
  } finally {
    await client.end();
  }
  return {
    name,
    url: urlOf(name),
    drop: () => admin((c) => c.query(`drop database if exists ${name} with (force)`)).then(() => {}),
  };
}

/** Scratch databases the drills of a launch left behind (there must be none). */
export async function leftoverScratchDatabases(launch: string): Promise<string[]> {
  const prefix = `golive_drill_${launch.replace(/-/g, "_")}`;
  return admin(async (c) => (await c.query<{ datname: string }>("select datname from pg_database where starts_with(datname, $1)", [prefix])).rows.map((r) => r.datname));
}

export { admin as asAdmin };
