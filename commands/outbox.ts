import { z } from "zod";
import { localStamp } from "../src/jobs/cron.js";
import { reply } from "../src/render/reply.js";
import { outboxRepo } from "../src/storage/outbox-repo.js";
import { defineCommand } from "./types.js";

const SHOWN = 30;

export default defineCommand({
  name: "outbox",
  scope: "launch",
  role: "viewer",
  summary: "Messages golive still has to deliver, and dead letters (undeliverable after all retries)",
  usage: "outbox",
  examples: ["outbox"],
  args: z.object({}),
  async run(_args, { services, launch }) {
    const { db } = services;
    const counts = await outboxRepo.counts(db, launch.id);
    const waiting = await outboxRepo.list(db, launch.id, ["pending", "sending", "dead"], SHOWN);
    const toDeliver = counts.pending + counts.sending;
    const title = `Outbox of ${launch.name}: ${toDeliver} to deliver, ${counts.dead} dead, ${counts.delivered} delivered`;
    if (waiting.length === 0) return reply.ok(title);
    const lines = waiting.map((m) => {
      const when = m.status === "pending" ? ` next try ${localStamp(m.nextAttemptAt, launch.timezone)}` : "";
      const error = m.lastError ? ` — ${m.lastError}` : "";
      return `#${m.id}  ${m.status.padEnd(7)} ${m.kind} ${m.surface}:${m.conversation}  attempts ${m.attempts}${when}  "${m.payload.summary.slice(0, 80)}"${error}`;
    });
    const listed = toDeliver + counts.dead;
    if (listed > SHOWN) lines.push(`… and ${listed - SHOWN} more`);
    const blocks = [
      { kind: "heading" as const, text: title },
      { kind: "text" as const, text: lines.join("\n") },
    ];
    if (counts.dead > 0) blocks.push({ kind: "text", text: "Re-queue dead letters (release manager): outbox retry <id> or outbox retry all" });
    return reply.ok(title, blocks);
  },
});
