import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { GoliveError } from "../errors.js";
import { redactUrl, scrubConnectionSecrets } from "../log.js";
import type { Database } from "./database.js";
import { migrate } from "./migrate.js";
import { openPostgres } from "./pg-engine.js";
import { openPglite } from "./pglite-engine.js";

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** PGlite has one session: a second golive process on the same folder would corrupt it. */
function lockDataDir(dir: string): () => void {
  const lock = join(dir, "golive.pid");
  const holder = Number.parseInt(readFileSafe(lock), 10);
  if (holder && holder !== process.pid && alive(holder)) {
    throw new GoliveError(
      "config",
      `The embedded database in ${dir} is in use by another golive process (pid ${holder}).`,
      "Stop that process first, or point both at PostgreSQL with DATABASE_URL.",
    );
  }
  writeFileSync(lock, String(process.pid));
  return () => rmSync(lock, { force: true });
}

const readFileSafe = (path: string) => {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
};

/** PostgreSQL when a URL is given, else embedded PGlite in `dataDir`; migrations applied. */
export async function openDatabase(opts: { databaseUrl?: string; dataDir: string }): Promise<Database> {
  let db: Database;
  if (opts.databaseUrl) {
    db = await openPostgres({ connectionString: opts.databaseUrl });
    try {
      await db.query("select 1");
    } catch (error) {
      await db.close().catch(() => {});
      throw new GoliveError("config", `Cannot reach PostgreSQL at ${redactUrl(opts.databaseUrl)}: ${scrubConnectionSecrets((error as Error).message, opts.databaseUrl)}.`, "Check DATABASE_URL and that the server is up.");
    }
  } else {
    const dir = resolve(opts.dataDir);
    mkdirSync(dir, { recursive: true });
    const unlock = lockDataDir(dir);
    const embedded = await openPglite(join(dir, "pgdata"));
    db = { ...embedded, close: async () => {
      await embedded.close();
      unlock();
    } };
  }
  await migrate(db);
  return db;
}
