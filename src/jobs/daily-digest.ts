// The hypercare morning digest: the previous 24 hours of the launch's logs (and Sentry),
// posted right after the hypercare post by the same claimed run, so it goes out once per
// morning whatever the number of replicas. A launch without digest sources gets none.
import { makeDigest } from "../domain/digest/build.js";
import { defaultDigestDeps } from "../domain/digest/deps.js";
import { digestReply } from "../domain/digest/digest-reply.js";
import type { DigestDeps } from "../domain/digest/build.js";
import { daysBetween } from "../domain/launches/calendar.js";
import type { Launch } from "../domain/launches/types.js";
import { GoliveError } from "../errors.js";
import type { Reply } from "../render/reply.js";
import type { Database } from "../storage/database.js";
import { digestRepo } from "../storage/digest-repo.js";
import { localDate } from "./cron.js";

const DAY_MS = 86_400_000;

export interface DailyDigest {
  reply: Reply;
  summary: string;
}

/** The digest of the 24 hours before `slot`, stored and rendered; null when the launch has no sources. */
export async function dailyDigest(db: Database, launch: Launch, slot: Date, now: Date, deps: DigestDeps = defaultDigestDeps()): Promise<DailyDigest | null> {
  if ((await digestRepo.sources(db, launch.id)).length === 0) return null;
  const window = { from: new Date(slot.getTime() - DAY_MS), to: slot };
  const dayLabel = `T+${daysBetween(launch.launchDate, localDate(launch.timezone, slot))}`;
  try {
    const made = await makeDigest(db, launch, window, "daily", now, deps);
    const reply = digestReply(made.report, { dayLabel });
    return { reply, summary: `digest ${made.id}: ${made.report.figures.requests} requests, ${made.report.figures.s5xx} 5xx, ${made.report.groups.filter((g) => g.isNew).length} new group(s)` };
  } catch (error) {
    const why = error instanceof GoliveError ? error.message : "golive failed while reading the logs (see its log)";
    const text = `The daily digest of ${launch.name} (${dayLabel}) could not be built: ${why}`;
    return { reply: { ok: false, visibility: "public", summary: text, blocks: [{ kind: "text", text }] }, summary: `digest failed: ${why}` };
  }
}
