import { PGlite, types } from "@electric-sql/pglite";
import type { Database, Queryable } from "./database.js";

/** Embedded PostgreSQL (WASM). `dataDir` undefined means in memory. */
export async function openPglite(dataDir?: string): Promise<Database> {
  const db = await PGlite.create(dataDir, {
    parsers: { [types.DATE]: (value: string) => value, [types.INT8]: (value: string) => Number(value) },
  });
  return wrapPglite(db);
}

export function wrapPglite(db: PGlite): Database {
  return {
    engine: "pglite",
    query: async (sql, params) => (await db.query(sql, params as unknown[])).rows as never[],
    exec: async (sql) => {
      await db.exec(sql);
    },
    transaction: (fn) =>
      db.transaction(async (t) => {
        const tx: Queryable = {
          query: async (sql, params) => (await t.query(sql, params as unknown[])).rows as never[],
          exec: async (sql) => {
            await t.exec(sql);
          },
        };
        return fn(tx);
      }),
    close: () => db.close(),
  };
}
