import nock from "nock";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createSlackNotifier } from "../../src/adapters/slack/notifier.js";
import { fixedClock } from "../../src/clock.js";
import { createDispatcher, type DispatcherOptions } from "../../src/jobs/dispatcher.js";
import { createLogger } from "../../src/log.js";
import { reply } from "../../src/render/reply.js";
import type { Database } from "../../src/storage/database.js";
import { outboxRepo } from "../../src/storage/outbox-repo.js";
import { engines, useDatabase } from "../helpers/db.js";

const SLACK = "https://slack.com";

function capturingLogger() {
  const lines: { level: number; msg: string }[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { log: createLogger({ level: "info", destination }), lines };
}

async function enqueue(db: Database, text: string, at: Date, conversation = "C1", extra: { kind?: "post" | "update"; updateKey?: string } = {}) {
  return outboxRepo.enqueue(db, { launchId: null, surface: "slack", conversation, kind: extra.kind ?? "post", updateKey: extra.updateKey, payload: reply.ok(text), at });
}

/** Runs the dispatcher, moving the fake clock to each next retry, until nothing is pending. */
async function deliverAll(db: Database, dispatcher: ReturnType<typeof createDispatcher>, clock: ReturnType<typeof fixedClock>) {
  for (let round = 0; round < 100; round++) {
    if ((await dispatcher.runOnce(clock.now())) > 0) continue;
    const next = await outboxRepo.nextAttemptAfter(db, clock.now());
    if (!next) return;
    clock.set(next);
  }
  throw new Error(`outbox did not drain: ${JSON.stringify(await db.query("select id, status, attempts, last_error, next_attempt_at from outbox order by id"))}`);
}

/**
 * Records each chat.postMessage text and the (fake) time it arrived: the body matcher
 * records, the reply answers (nock 15 hangs fetch when a reply function takes the body).
 */
function slackSink(clock: ReturnType<typeof fixedClock>) {
  const arrived: { text: string; at: number; channel: string }[] = [];
  let ts = 0;
  const record = (body: Record<string, string>) => {
    // nock may run this matcher for other calls too (a retry's conversations.history look-up).
    if (typeof body.text !== "string") return false;
    arrived.push({ text: body.text!, at: clock.now().getTime(), channel: body.channel! });
    return true;
  };
  const ok = () => ({ ok: true, channel: arrived.at(-1)!.channel, ts: `1700000000.${String(++ts).padStart(6, "0")}` });
  return { arrived, record, ok };
}

describe.each(engines)("outbox on %s", (engine) => {
  const getDb = useDatabase(engine);
  const setup = (clockStart: string, opts: Partial<DispatcherOptions> = {}) => {
    const clock = fixedClock(clockStart);
    const { log, lines } = capturingLogger();
    const dispatcher = createDispatcher({
      db: getDb(),
      log,
      replica: "r1",
      notifiers: { slack: createSlackNotifier({ token: "xoxb-test" }) },
      backoff: { baseMs: 1_000, maxMs: 60_000, random: () => 0.5 },
      ...opts,
    });
    return { clock, dispatcher, lines };
  };

  it("retries 500, 429 with Retry-After and network errors, then delivers each message once, in order", async () => {
    const db = getDb();
    const { clock, dispatcher } = setup("2026-12-01T09:00:00Z");
    const sink = slackSink(clock);
    const failures: number[] = [];
    const failWith = (status: number, headers: Record<string, string> = {}) => () => {
      failures.push(clock.now().getTime());
      return [status, "", headers] as [number, string, Record<string, string>];
    };
    nock(SLACK)
      .post("/api/chat.postMessage").reply(failWith(500))
      .post("/api/chat.postMessage").reply(failWith(429, { "Retry-After": "7" }))
      .post("/api/chat.postMessage").replyWithError(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }))
      .post("/api/chat.postMessage", sink.record).times(3).reply(200, sink.ok);
    for (const text of ["first", "second", "third"]) await enqueue(db, text, clock.now());

    await deliverAll(db, dispatcher, clock);

    expect(sink.arrived.map((a) => a.text)).toEqual(["first", "second", "third"]);
    // Backoff (base 1 s, jitter pinned at 75 %): 0.75 s after the 500; the 429 asked for 7 s
    // and got exactly that; after the network error 1 s × 2² × 75 % = 3 s.
    expect(failures[1]! - failures[0]!).toBe(750);
    expect(sink.arrived[0]!.at - failures[1]!).toBe(7_000 + 3_000);
    const rows = await db.query<{ status: string; platform_ref: string; attempts: number }>("select status, platform_ref, attempts from outbox order by id");
    expect(rows.map((r) => [r.status, r.attempts])).toEqual([["delivered", 4], ["delivered", 1], ["delivered", 1]]);
    expect(rows.map((r) => r.platform_ref)).toEqual(["C1/1700000000.000001", "C1/1700000000.000002", "C1/1700000000.000003"]);
    expect(nock.isDone()).toBe(true);
  });

  it("moves a message to dead letters after maxAttempts, logs it, and lets the next one of the channel through", async () => {
    const db = getDb();
    const { clock, dispatcher, lines } = setup("2026-12-01T09:00:00Z", { maxAttempts: 3 });
    const sink = slackSink(clock);
    nock(SLACK)
      .post("/api/chat.postMessage").times(3).reply(503, "down")
      .post("/api/chat.postMessage", sink.record).reply(200, sink.ok);
    const doomed = await enqueue(db, "doomed", clock.now());
    await enqueue(db, "survivor", clock.now());

    await deliverAll(db, dispatcher, clock);

    const dead = (await outboxRepo.byId(db, doomed))!;
    expect(dead.status).toBe("dead");
    expect(dead.attempts).toBe(3);
    expect(dead.lastError).toBe("Slack answered HTTP 503");
    expect(sink.arrived.map((a) => a.text)).toEqual(["survivor"]);
    expect(lines.filter((l) => l.level === 50).map((l) => l.msg)).toEqual(["outbox message failed too often: moved to dead letters"]);
  });

  it("sends a platform refusal (channel_not_found) straight to dead letters", async () => {
    const db = getDb();
    const { clock, dispatcher } = setup("2026-12-01T09:00:00Z");
    nock(SLACK).post("/api/chat.postMessage").reply(200, { ok: false, error: "channel_not_found" });
    const id = await enqueue(db, "nowhere", clock.now());
    await deliverAll(db, dispatcher, clock);
    const m = (await outboxRepo.byId(db, id))!;
    expect([m.status, m.attempts, m.lastError]).toEqual(["dead", 1, "channel_not_found"]);
  });

  it("loses nothing and doubles nothing when a dispatcher dies mid-delivery", async () => {
    const db = getDb();
    const { clock, dispatcher } = setup("2026-12-01T09:00:00Z", { sendLeaseMs: 60_000 });
    const sink = slackSink(clock);
    const sent = await enqueue(db, "already posted", clock.now());
    await enqueue(db, "claimed, then the process died", clock.now(), "C2");
    // A dispatcher claims both, posts the first and stores its ts, then dies before marking either.
    const claimed = await outboxRepo.claimDue(db, { now: clock.now(), surfaces: ["slack"], replica: "dead", leaseMs: 60_000, limit: 10 });
    expect(claimed).toHaveLength(2);
    await db.query("update outbox set platform_ref = 'C1/1700000000.000001' where id = $1", [sent]);
    nock(SLACK).post("/api/chat.postMessage", sink.record).reply(200, sink.ok);

    // Within the lease nothing is touched (the other replica might still be sending).
    expect(await dispatcher.reconcile(clock.now())).toEqual({ delivered: 0, retried: 0 });
    expect(await dispatcher.runOnce(clock.now())).toBe(0);
    clock.advance(61_000);
    expect(await dispatcher.reconcile(clock.now())).toEqual({ delivered: 1, retried: 1 });
    await deliverAll(db, dispatcher, clock);

    expect(sink.arrived.map((a) => a.text)).toEqual(["claimed, then the process died"]);
    const rows = await db.query<{ status: string }>("select status from outbox order by id");
    expect(rows.map((r) => r.status)).toEqual(["delivered", "delivered"]);
  });

  it("updates the launch status message in place with chat.update, and keeps only the newest queued update", async () => {
    const db = getDb();
    const { clock, dispatcher } = setup("2026-12-01T09:00:00Z");
    const [launch] = await db.query<{ id: number }>(
      `insert into launches (name, checklist_id, checklist_title, launch_date, timezone, created_by, created_at)
       values ('web', 'shop', 'Shop', '2026-12-01', 'UTC', 'rita', now()) returning id`,
    );
    const add = (text: string, kind: "post" | "update") =>
      outboxRepo.enqueue(db, { launchId: launch!.id, surface: "slack", conversation: "C1", kind, updateKey: "launch-status", payload: reply.ok(text), at: clock.now() });
    const updates: Record<string, string>[] = [];
    nock(SLACK)
      .post("/api/chat.postMessage").reply(200, { ok: true, channel: "C1", ts: "1700000000.000042" })
      .post("/api/chat.update", (body) => updates.push(body) > 0).reply(200, { ok: true, channel: "C1", ts: "1700000000.000042" });
    await add("status v1", "post");
    await add("status v2", "update");
    await add("status v3", "update");

    await deliverAll(db, dispatcher, clock);

    expect(updates.map((u) => [u.ts, u.text])).toEqual([["1700000000.000042", "status v3"]]);
    const statuses = await db.query<{ status: string }>("select status from outbox order by id");
    expect(statuses.map((s) => s.status)).toEqual(["delivered", "superseded", "delivered"]);
  });

  it("opens a direct message channel for a dm", async () => {
    const db = getDb();
    const { clock, dispatcher } = setup("2026-12-01T09:00:00Z");
    const posted: string[] = [];
    nock(SLACK)
      .post("/api/conversations.open", (body) => body.users === "U042").reply(200, { ok: true, channel: { id: "D042" } })
      .post("/api/chat.postMessage", (body) => posted.push(body.channel) > 0).reply(200, { ok: true, channel: "D042", ts: "1.000001" });
    const id = await outboxRepo.enqueue(db, { launchId: null, surface: "slack", conversation: "U042", kind: "dm", payload: reply.ok("you have overdue items"), at: clock.now() });
    await deliverAll(db, dispatcher, clock);
    expect(posted).toEqual(["D042"]);
    expect((await outboxRepo.byId(db, id))!.platformRef).toBe("D042/1.000001");
  });
});
