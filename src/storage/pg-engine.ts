import { createHash } from "node:crypto";
import pg from "pg";
import { databaseNotAnswering } from "../errors.js";
import { type Database, isPrepared, type Queryable } from "./database.js";

const INT8 = 20;
const DATE = 1082;

// int8/count come back as numbers (as in PGlite) and dates as YYYY-MM-DD strings, never
// as a Date at local midnight.
const types = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === INT8) return (value: string) => Number(value);
    if (oid === DATE) return (value: string) => value;
    return pg.types.getTypeParser(oid, format);
  },
};

/** A database that does not answer fails the command instead of hanging it (Slack gives up after 3 s anyway). */
export const PG_TIMEOUTS = { connectMs: 5_000, queryMs: 15_000 };

/** `exec` runs migration scripts, which may take long on a big database: an hour, not 16 s (migrate lifts statement_timeout too). */
const SCRIPT_READ_TIMEOUT_MS = 3_600_000;

export interface PgOptions {
  connectionString: string;
  /** Schema to use as search_path (tests isolate workers this way). */
  schema?: string;
  max?: number;
  timeouts?: Partial<typeof PG_TIMEOUTS>;
}


/** The connection or the server failed (timeout, refused, terminated, shut down), as opposed to a query error. */
export function isConnectionFailure(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  if (typeof e?.code === "string" && /^(08|57P0|57014|53300|ECONN|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EPIPE)/.test(e.code)) return true;
  return /timeout exceeded when trying to connect|Query read timeout|Connection terminated|Client has encountered a connection error|connection timeout/i.test(e?.message ?? "");
}

const unavailable = (error: unknown, message?: string) => (isConnectionFailure(error) ? Object.assign(databaseNotAnswering(message), { cause: error }) : error);

export async function openPostgres(options: PgOptions): Promise<Database> {
  const timeouts = { ...PG_TIMEOUTS, ...options.timeouts };
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.max ?? 10,
    types,
    options: options.schema ? `-c search_path=${options.schema}` : undefined,
    connectionTimeoutMillis: timeouts.connectMs,
    // The server cancels a slow statement; the client gives up a little later if the server itself is stalled.
    statement_timeout: timeouts.queryMs,
    query_timeout: timeouts.queryMs + 1_000,
  });
  // An idle client losing its connection must not crash the process.
  pool.on("error", () => {});

  /** A client for `fn`; a client whose connection broke (even mid-transaction) is dropped, never crashes the process. */
  const withClient = async <T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> => {
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      throw unavailable(error);
    }
    let broken: Error | undefined;
    const onError = (error: Error) => {
      broken = error;
    };
    client.on("error", onError);
    try {
      return await fn(client);
    } catch (error) {
      const cause = (error as { cause?: unknown })?.cause;
      if (isConnectionFailure(error) || isConnectionFailure(cause)) broken ??= (isConnectionFailure(error) ? error : cause) as Error;
      throw error;
    } finally {
      client.off("error", onError);
      client.release(broken);
    }
  };
  const names = new Map<string, string>();
  const nameOf = (sql: string) => {
    let name = names.get(sql);
    if (!name) {
      name = `golive_${createHash("sha1").update(sql).digest("hex").slice(0, 16)}`;
      names.set(sql, name);
    }
    return name;
  };
  const run = async <T>(client: pg.PoolClient, sql: string, params?: unknown[]) =>
    (await (isPrepared(sql) ? client.query({ name: nameOf(sql), text: sql, values: params as unknown[] }) : client.query(sql, params as unknown[]))).rows as T[];

  if (options.schema) await withClient((c) => c.query(`create schema if not exists "${options.schema}"`));
  return {
    engine: "postgres",
    query: <T>(sql: string, params?: unknown[]) =>
      withClient((c) => run<T>(c, sql, params)).catch((error): never => {
        throw unavailable(error);
      }),
    exec: (sql) =>
      withClient(async (c) => {
        await c.query({ text: sql, query_timeout: SCRIPT_READ_TIMEOUT_MS } as pg.QueryConfig);
      }).catch((error): never => {
        throw unavailable(error);
      }),
    transaction: (fn) =>
      withClient(async (client) => {
        let committing = false;
        try {
          await client.query("begin");
          const tx: Queryable = {
            query: (sql, params) => run(client, sql, params),
            exec: async (sql) => {
              await client.query({ text: sql, query_timeout: SCRIPT_READ_TIMEOUT_MS } as pg.QueryConfig);
            },
          };
          const result = await fn(tx);
          committing = true;
          await client.query("commit");
          return result;
        } catch (error) {
          if (!committing && !isConnectionFailure(error)) await client.query("rollback").catch(() => {});
          throw unavailable(error, committing ? "The database stopped answering while saving; the change may not have been saved (see `history`)." : undefined);
        }
      }),
    close: () => pool.end(),
  };
}
