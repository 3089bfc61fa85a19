// kill -9 and restart: a replica recognises its own earlier process's runs and sends at start,
// instead of waiting out their leases (5 min for a run, 2 min for a send).
import { spawn } from "node:child_process";
import { hostname } from "node:os";
import nock from "nock";
import { describe, expect, it, vi } from "vitest";
import { createSlackNotifier } from "../../src/adapters/slack/notifier.js";
import { createShellNotifier } from "../../src/adapters/shell/notifier.js";
import { isPreviousLife } from "../../src/jobs/previous-lives.js";
import { createLogger } from "../../src/log.js";
import { startJobs } from "../../src/jobs/start.js";
import { engines, useDatabase } from "../helpers/db.js";
import { shellAs, testServices } from "../helpers/harness.js";

/** A real process, killed with SIGKILL: its pid is a dead golive's. */
async function killedProcess(): Promise<number> {
  const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
  await new Promise((resolve) => child.once("spawn", resolve));
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await exited;
  return child.pid!;
}

describe("recognising this host's dead processes", () => {
  it("is a dead pid or our own pid on this host, never another host or a live process", async () => {
    const dead = await killedProcess();
    expect(isPreviousLife(`${hostname()}-${dead}`)).toBe(true);
    expect(isPreviousLife(`${hostname()}-${process.pid}`)).toBe(true);
    expect(isPreviousLife(`${hostname()}-${process.ppid}`)).toBe(false);
    expect(isPreviousLife(`other-host-${dead}`)).toBe(false);
    expect(isPreviousLife("test")).toBe(false);
  });
});

describe.each(engines)("restart after kill -9 on %s", (engine) => {
  const getDb = useDatabase(engine);

  it("fails the dead process's run and re-sends its message at start, not after the lease; a live replica's work is left alone", { timeout: 60_000 }, async () => {
    const db = getDb();
    const { services, clock } = testServices(db, "2026-11-30T10:15:00Z");
    await shellAs(services, "rita").run("launch create shop --checklist django-lms --date 2026-12-01");
    const dead = `${hostname()}-${await killedProcess()}`;
    const live = `${hostname()}-${process.ppid}`;
    const now = clock.now();
    const lease = new Date(now.getTime() + 5 * 60_000);
    for (const [replica, slot] of [[dead, "2026-11-30T10:00:00Z"], [live, "2026-11-30T10:01:00Z"]] as const) {
      await db.query(
        `insert into job_runs (job, launch_id, slot, trigger, replica, started_at, heartbeat_at, lease_until) values ('audit', 1, $1, 'schedule', $2, $3, $3, $4)`,
        [slot, replica, now, lease],
      );
    }
    for (const [replica, conversation] of [[dead, "local"], [live, "other"]] as const) {
      await db.query(
        `insert into outbox (launch_id, surface, conversation, kind, payload, status, attempts, next_attempt_at, lease_until, claimed_by, created_at)
         values (1, 'shell', $1, 'post', $2, 'sending', 1, $3, $4, $5, $3)`,
        [conversation, JSON.stringify({ ok: true, text: `posted by ${replica}`, blocks: [{ kind: "text", text: `posted by ${replica}` }] }), now, lease, replica],
      );
    }
    const printed: string[] = [];
    const jobs = await startJobs({ services, notifiers: { shell: createShellNotifier((text) => printed.push(text)) }, replica: "restarted", jobs: [] });
    try {
      await vi.waitFor(() => expect(printed.filter((p) => p.includes(`posted by ${dead}`))).toHaveLength(1));
    } finally {
      await jobs.stop();
    }
    const runs = await db.query<{ replica: string; outcome: string; error: string | null }>("select replica, outcome, error from job_runs order by slot");
    expect(runs).toEqual([
      { replica: dead, outcome: "failed", error: expect.stringMatching(new RegExp(`^replica ${dead} stopped while running`)) },
      { replica: live, outcome: "running", error: null },
    ]);
    const sends = await db.query<{ claimed_by: string; status: string }>("select claimed_by, status from outbox order by id");
    expect(sends.map((s) => s.status)).toEqual(["delivered", "sending"]);
    // The clock never moved: nothing waited for a lease.
    expect(clock.now()).toEqual(now);
    expect(printed.filter((p) => p.includes(`posted by ${live}`))).toEqual([]);
  });
});

describe.each(engines)("Slack after kill -9 mid-delivery on %s", (engine) => {
  const getDb = useDatabase(engine);

  it("does not post a message twice: the copy the dead process posted is found by its delivery id; a message that never arrived is posted once", { timeout: 60_000 }, async () => {
    const db = getDb();
    const { services, clock } = testServices(db, "2026-11-30T10:15:00Z");
    await shellAs(services, "rita").run("launch create shop --checklist django-lms --date 2026-12-01");
    const dead = `${hostname()}-${await killedProcess()}`;
    const now = clock.now();
    const ids: number[] = [];
    for (const conversation of ["C0POSTED", "C0LOST"]) {
      const [row] = await db.query<{ id: number }>(
        `insert into outbox (launch_id, surface, conversation, kind, payload, status, attempts, next_attempt_at, lease_until, claimed_by, created_at)
         values (1, 'slack', $1, 'post', $2, 'sending', 1, $3, $4, $5, $3) returning id`,
        [conversation, JSON.stringify({ ok: true, visibility: "public", summary: `to ${conversation}`, blocks: [{ kind: "text", text: `to ${conversation}` }] }), now, new Date(now.getTime() + 120_000), dead],
      );
      ids.push(row!.id);
    }
    const oldest = String(now.getTime() / 1000 - 1);
    const posted: Record<string, unknown>[] = [];
    const slack = nock("https://slack.com")
      .post("/api/conversations.history", (b) => b.channel === "C0POSTED" && b.oldest === oldest && b.include_all_metadata === "true")
      .reply(200, { ok: true, messages: [{ ts: "1764497700.000200", text: "someone else" }, { ts: "1764497700.000100", text: "to C0POSTED", metadata: { event_type: "golive_delivery", event_payload: { delivery_id: `golive-1-${ids[0]}` } } }] })
      .post("/api/conversations.history", (b) => b.channel === "C0LOST")
      .reply(200, { ok: true, messages: [{ ts: "1764497700.000300", text: "to C0LOST", metadata: { event_type: "golive_delivery", event_payload: { delivery_id: "golive-1-999" } } }] })
      .post("/api/chat.postMessage", (b) => {
        posted.push(b);
        return true;
      })
      .reply(200, { ok: true, channel: "C0LOST", ts: "1764497800.000100" });
    const jobs = await startJobs({ services, notifiers: { slack: createSlackNotifier({ token: "xoxb-test" }) }, replica: "restarted", jobs: [] });
    try {
      await vi.waitFor(async () => {
        const rows = await db.query<{ status: string; last_error: string }>("select status, last_error from outbox where status <> 'delivered'");
        expect(rows).toEqual([]);
      });
    } finally {
      await jobs.stop();
    }
    expect(slack.isDone()).toBe(true);
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({ channel: "C0LOST" });
    expect(JSON.parse(posted[0]!.metadata as string)).toEqual({ event_type: "golive_delivery", event_payload: { delivery_id: `golive-1-${ids[1]}` } });
    const refs = await db.query<{ platform_ref: string }>("select platform_ref from outbox order by id");
    expect(refs.map((r) => r.platform_ref)).toEqual(["C0POSTED/1764497700.000100", "C0LOST/1764497800.000100"]);
  });
});

describe.each(engines)("a dispatcher whose database keeps failing on %s", (engine) => {
  const getDb = useDatabase(engine);

  it("logs one error a minute, not one a second", { timeout: 30_000 }, async () => {
    const db = getDb();
    const { services, clock } = testServices(db, "2026-11-30T10:15:00Z");
    const errors: string[] = [];
    const log = createLogger({ level: "error", destination: { write: (line: string) => void errors.push(line) } });
    // The outbox table is gone (the database was recreated empty): every claim fails.
    let failures = 0;
    const broken = {
      ...db,
      query: <T>(sql: string, params?: unknown[]) => {
        if (!/update outbox set status = 'sending'/.test(sql)) return db.query<T>(sql, params);
        failures++;
        return Promise.reject(new Error('relation "outbox" does not exist'));
      },
    };
    const jobs = await startJobs({ services: { ...services, db: broken, log }, notifiers: { shell: createShellNotifier(() => {}) }, replica: "r", jobs: [], dispatchIntervalMs: 5 });
    const logged = () => errors.filter((e) => e.includes("outbox dispatch failed"));
    try {
      await vi.waitFor(() => expect(failures).toBeGreaterThanOrEqual(20));
      expect(logged()).toHaveLength(1);
      clock.advance(60_000);
      await vi.waitFor(() => expect(logged()).toHaveLength(2));
    } finally {
      await jobs.stop();
    }
    expect(JSON.parse(logged()[1]!).repeated).toBeGreaterThanOrEqual(19);
  });
});
