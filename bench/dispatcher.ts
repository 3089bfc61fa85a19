// Outbox dispatcher throughput: messages delivered per second through the real Slack
// notifier to a local HTTP sink that fails 1 % of the requests (HTTP 500), on in-memory PGlite,
// or on PostgreSQL (a throw-away schema) when BENCH_DATABASE_URL is set.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createSlackNotifier } from "../src/adapters/slack/notifier.js";
import { createDispatcher } from "../src/jobs/dispatcher.js";
import { createLogger } from "../src/log.js";
import { reply } from "../src/render/reply.js";
import { migrate } from "../src/storage/migrate.js";
import { outboxRepo } from "../src/storage/outbox-repo.js";
import type { Database } from "../src/storage/database.js";
import { openPostgres } from "../src/storage/pg-engine.js";
import { openPglite } from "../src/storage/pglite-engine.js";

const MESSAGES = 2_000;
const CHANNELS = 20;
const FAILURE_RATE = 0.01;

export async function benchDispatcher(): Promise<string> {
  let requests = 0;
  let failed = 0;
  let ts = 0;
  // Deterministic 1 %: every 100th request fails.
  const sink = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on("end", () => {
      requests++;
      if (requests % Math.round(1 / FAILURE_RATE) === 0) {
        failed++;
        res.writeHead(500).end("injected failure");
        return;
      }
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true, channel: "C", ts: `1.${++ts}` }));
    });
  });
  await new Promise<void>((resolve) => sink.listen(0, "127.0.0.1", resolve));
  const { port } = sink.address() as AddressInfo;

  const url = process.env.BENCH_DATABASE_URL;
  const schema = `golive_bench_${randomBytes(4).toString("hex")}`;
  const db: Database = url ? await openPostgres({ connectionString: url, schema }) : await openPglite();
  await migrate(db);
  const at = new Date();
  for (let i = 0; i < MESSAGES; i++) {
    await outboxRepo.enqueue(db, { launchId: null, surface: "slack", conversation: `C${i % CHANNELS}`, kind: "post", payload: reply.ok(`message ${i}`), at });
  }
  const dispatcher = createDispatcher({
    db,
    log: createLogger({ level: "silent" }),
    replica: "bench",
    notifiers: { slack: createSlackNotifier({ token: "xoxb-bench", slackApiUrl: `http://127.0.0.1:${port}/api/` }) },
    // Retries fall due at once so the number measures delivery work, not backoff waits.
    backoff: { baseMs: 0, maxMs: 0 },
    batchSize: CHANNELS,
  });

  const started = performance.now();
  while ((await outboxRepo.pendingCount(db)) > 0) await dispatcher.runOnce(new Date());
  const seconds = (performance.now() - started) / 1000;
  const [row] = await db.query<{ n: number }>("select count(*)::int as n from outbox where status = 'delivered'");
  if (url) await db.exec(`drop schema ${schema} cascade`);
  await db.close();
  await new Promise<void>((resolve) => sink.close(() => resolve()));
  const rate = Math.round(row!.n / seconds);
  return `dispatcher: ${row!.n}/${MESSAGES} messages delivered in ${seconds.toFixed(2)} s = ${rate} msg/s (${CHANNELS} channels, ${db.engine}, ${failed} injected HTTP 500s retried)`;
}

if (process.argv[1]?.endsWith("/bench/dispatcher.ts")) console.log(await benchDispatcher());
