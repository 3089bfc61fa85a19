import { commands } from "../../commands/index.js";
import type { Services } from "../../commands/types.js";
import { createShellSession } from "../../src/adapters/shell/shell.js";
import { fixedClock } from "../../src/clock.js";
import { createLogger } from "../../src/log.js";
import { renderText } from "../../src/render/text.js";
import type { Database } from "../../src/storage/database.js";

/** Services over a test database with a clock the test moves. */
export function testServices(db: Database, now = "2026-11-22T09:00:00Z") {
  const clock = fixedClock(now);
  const services: Services = { db, clock, log: createLogger({ level: "silent" }) };
  return { services, clock };
}

/** The local shell as a test harness: lines in, rendered text out. */
export function shellAs(services: Services, user = "rita") {
  const session = createShellSession(commands, services, user);
  return {
    async run(line: string) {
      const reply = await session.run(line);
      return { ...reply, text: renderText(reply) };
    },
  };
}
