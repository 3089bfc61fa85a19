import { LogLevel, type Logger as BoltLogger } from "@slack/bolt";
import type { Logger } from "../../log.js";

/** Bolt logs through golive's pino logger (bolt's messages are strings, never secrets). */
export function boltLogger(log: Logger): BoltLogger {
  const child = log.child({ component: "bolt" });
  const line = (msg: unknown[]) => msg.map(String).join(" ");
  return {
    debug: (...msg) => child.debug(line(msg)),
    info: (...msg) => child.info(line(msg)),
    warn: (...msg) => child.warn(line(msg)),
    error: (...msg) => child.error(line(msg)),
    setLevel: () => {},
    getLevel: () => LogLevel.INFO,
    setName: () => {},
  };
}
