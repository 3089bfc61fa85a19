import type { Services } from "../commands/types.js";
import { systemClock } from "./clock.js";
import type { Config } from "./config.js";
import { createLogger, type Logger } from "./log.js";
import { openDatabase } from "./storage/open.js";

/** Composition of the parts every surface shares: storage, clock, logger (JSON on stderr unless one is given). */
export async function createServices(config: Config, options: { log?: Logger } = {}): Promise<Services> {
  const log = options.log ?? createLogger({ level: config.LOG_LEVEL });
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.GOLIVE_DATA_DIR });
  log.debug({ engine: db.engine }, "storage ready");
  return { db, clock: systemClock, log };
}
