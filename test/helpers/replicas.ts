import { randomBytes } from "node:crypto";
import { afterAll, beforeAll } from "vitest";
import type { Database } from "../../src/storage/database.js";
import { migrate } from "../../src/storage/migrate.js";
import { openPostgres } from "../../src/storage/pg-engine.js";

/** `count` connection pools on one PostgreSQL schema (one per replica), migrated before the file's tests and dropped after. Needs TEST_DATABASE_URL. */
export function usePostgresReplicas(count: number, prefix: string): Database[] {
  const schema = `${prefix}_${randomBytes(6).toString("hex")}`;
  const pools: Database[] = [];
  beforeAll(async () => {
    for (let i = 0; i < count; i++) pools.push(await openPostgres({ connectionString: process.env.TEST_DATABASE_URL!, schema, max: 4 }));
    await migrate(pools[0]!);
  });
  afterAll(async () => {
    await pools[0]?.exec(`drop schema if exists ${schema} cascade`);
    await Promise.all(pools.map((p) => p.close()));
  });
  return pools;
}
