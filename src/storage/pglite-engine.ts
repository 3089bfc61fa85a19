import { PGlite, types } from "@electric-sql/pglite";
import type { Database, Queryable } from "./database.js";

/** Embedded PostgreSQL (WASM). `dataDir` undefined means in memory. */
export async function openPglite(dataDir?: string): Promise<Database> {
  const db = await PGlite.create(dataDir, {
    parsers: { [types.DATE]: (value: string) => value, [types.INT8]: (value: string) => Number(value) },
  });
  return wrapPglite(db);
}

/**
 * PGlite runs each statement synchronously on this thread and hands the lock to the next queued
 * one in a microtask, so a queue of statements never lets timers or sockets run: under load no
 * request was read and no "Working on it…" deadline fired for seconds. Statements (and whole
 * transactions, which hold PGlite's lock anyway) therefore take turns here, one event-loop turn
 * apart.
 */
function takingTurns() {
  let tail: Promise<unknown> = Promise.resolve();
  const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
  return <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(turn).then(fn);
    tail = run.catch(() => {});
    return run;
  };
}

export function wrapPglite(db: PGlite): Database {
  const exclusive = takingTurns();
  return {
    engine: "pglite",
    query: (sql, params) => exclusive(async () => (await db.query(sql, params as unknown[])).rows as never[]),
    exec: (sql) =>
      exclusive(async () => {
        await db.exec(sql);
      }),
    transaction: (fn) =>
      exclusive(() => db.transaction(async (t) => {
        const tx: Queryable = {
          query: async (sql, params) => (await t.query(sql, params as unknown[])).rows as never[],
          exec: async (sql) => {
            await t.exec(sql);
          },
        };
        return fn(tx);
      })),
    close: () => db.close(),
  };
}
