// Slack gives up on a request after 3 s. golive's "Working on it…" deadline starts when the
// request arrives, so a slow database (the duplicate check, a wait for a connection, the
// command itself) can never hold the acknowledgement. No sleeps: the deadline is a switch the
// test throws, and the database is slow because the test holds its statements.
import { afterEach, describe, expect, it } from "vitest";
import type { Deadline } from "../../../src/adapters/slack/deadline.js";
import type { Database, Queryable } from "../../../src/storage/database.js";
import { engines, useDatabase } from "../../helpers/db.js";
import { blockText, CHANNEL, RITA, responseUrl, startSlack } from "./slack-harness.js";

type Message = { response_type: string; text: string; blocks: unknown[] };

/** A database whose statements wait while `hold` is on; records the order of what happens. */
function slowDatabase(db: Database, log: string[]) {
  let held: (() => void)[] | null = null;
  const gate = async () => {
    if (held) await new Promise<void>((resolve) => held!.push(resolve));
  };
  const wrap = (q: Queryable): Queryable => ({
    query: async (sql, params) => {
      log.push(`sql: ${sql.trim().split(/\s+/).slice(0, 3).join(" ")}`);
      await gate();
      return q.query(sql, params);
    },
    exec: async (sql) => {
      await gate();
      return q.exec(sql);
    },
  });
  const slow: Database = { ...wrap(db), engine: db.engine, transaction: (fn) => gate().then(() => db.transaction((tx) => fn(wrap(tx)))), close: () => db.close() };
  return {
    db: slow,
    hold() {
      held = [];
    },
    release() {
      const waiting = held ?? [];
      held = null;
      for (const go of waiting) go();
    },
  };
}

/** Deadlines the test passes by hand; each records when it was started. */
function manualDeadlines(log: string[]) {
  const pass: (() => void)[] = [];
  const deadline: Deadline = () => {
    log.push("deadline started");
    let reach = () => {};
    const reached = new Promise<void>((resolve) => {
      reach = resolve;
    });
    pass.push(reach);
    return { reached, cancel: () => {} };
  };
  return { deadline, passAll: () => {
      for (const reach of pass.splice(0)) reach();
    }, };
}

describe.each(engines)("the acknowledgement deadline counts from the request's arrival on %s", (engine) => {
  const db = useDatabase(engine);
  let h: Awaited<ReturnType<typeof startSlack>> | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it("answers \"Working on it…\" while the duplicate check still waits for the database, then posts the result", async () => {
    const log: string[] = [];
    const slow = slowDatabase(db(), log);
    const deadlines = manualDeadlines(log);
    h = await startSlack(slow.db, { ackDeadline: deadlines.deadline });
    await h.slash("launch create shop --checklist django-lms --date 2026-12-01");
    await h.slash("launch use shop");

    log.length = 0;
    slow.hold();
    const body = h.slashBody("status");
    // The request is sent; the database answers nothing until the test says so.
    const answering = h.signed(body, "application/x-www-form-urlencoded");
    await until(() => log.includes("deadline started") && log.some((l) => l.startsWith("sql:")));
    // The deadline was started before the first statement (the duplicate check) was even sent.
    expect(log[0]).toBe("deadline started");
    expect(log[1]).toMatch(/^sql: with (claimed|req) as/);
    const posted = responseUrl("/commands/1234/5678");
    deadlines.passAll();
    const ack = (await answering).json() as Message;
    expect(ack.response_type).toBe("ephemeral");
    expect(ack.text).toMatch(/Working on it… the result of `status` will appear here/);

    slow.release();
    const result = (await posted) as unknown as Message;
    expect(`${result.text}\n${blockText(result.blocks)}`).toMatch(/^shop: 0\/\d+ \(0%\) done/);
    await h.slack.idle();
  });

  it("answers a command that is fast in its acknowledgement, and a re-sent one with nothing", async () => {
    const deadlines = manualDeadlines([]);
    h = await startSlack(db(), { ackDeadline: deadlines.deadline });
    await h.slash("launch create shop --checklist django-lms --date 2026-12-01");
    const body = h.slashBody("launch use shop", RITA, CHANNEL);
    const first = await h.signed(body, "application/x-www-form-urlencoded");
    expect((first.json() as Message).text).toMatch(/Using launch shop/);
    const again = await h.signed(body, "application/x-www-form-urlencoded");
    await h.slack.idle();
    expect(again.status).toBe(200);
    expect(again.text).toBe("");
  });
});

/** Lets the server run until `done()` holds (a bounded number of event-loop turns, no timers). */
async function until(done: () => boolean) {
  for (let i = 0; i < 1000 && !done(); i++) await new Promise((resolve) => setImmediate(resolve));
  if (!done()) throw new Error("the server never got there");
}
