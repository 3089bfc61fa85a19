import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createHttpServer, healthRoutes, listen } from "../../src/adapters/http/server.js";
import { timerDeadline } from "../../src/adapters/slack/deadline.js";
import { createLogger } from "../../src/log.js";
import type { Database } from "../../src/storage/database.js";
import { assertSchemaReady, migrate } from "../../src/storage/migrate.js";
import { openPostgres } from "../../src/storage/pg-engine.js";
import { openPglite } from "../../src/storage/pglite-engine.js";
import { responseUrl, startSlack } from "../adapters/slack/slack-harness.js";
import { httpRequest } from "../helpers/http.js";
import { startSilentListener, startTcpProxy } from "../helpers/tcp-proxy.js";

const pgUrl = process.env.TEST_DATABASE_URL;
const bin = new URL("../../bin/golive.js", import.meta.url).pathname;
const elapsed = (since: number) => performance.now() - since;

async function readyServer(db: Database) {
  const server = createHttpServer([healthRoutes(() => assertSchemaReady(db))], createLogger({ level: "silent" }));
  const port = await listen(server, 0, "127.0.0.1");
  return { port, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe("a database that accepts connections and never answers", () => {
  // The repro: `golive run` hung forever.
  it("makes `golive run` fail with a clear message instead of hanging", { timeout: 60_000 }, async () => {
    const silent = await startSilentListener();
    const dir = mkdtempSync(join(tmpdir(), "golive-stall-"));
    try {
      const started = performance.now();
      const out = await new Promise<{ code: number; stderr: string }>((resolve) => {
        execFile(process.execPath, [bin, "run", "status"], { env: { PATH: process.env.PATH, HOME: dir, GOLIVE_USER: "rita", LOG_LEVEL: "silent", DATABASE_URL: `postgres://golive:pw@127.0.0.1:${silent.port}/golive` }, cwd: dir }, (error, _stdout, stderr) =>
          resolve({ code: error ? Number(error.code ?? 1) : 0, stderr }),
        );
      });
      expect(out.code).toBe(2);
      expect(out.stderr).toMatch(/golive: Cannot reach PostgreSQL at postgres:\/\/golive:\*\*\*@127\.0\.0\.1:\d+\/golive/);
      expect(elapsed(started)).toBeLessThan(30_000);
    } finally {
      await silent.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("readiness checks the schema, not just a connection", () => {
  it("on PGlite: a database without golive's tables is not ready, and says to restart", async () => {
    const db = await openPglite();
    const server = await readyServer(db);
    try {
      const empty = await httpRequest(server.port, "/readyz", { method: "GET" });
      expect(empty.status).toBe(503);
      expect(empty.json().reason).toMatch(/golive's tables are missing from the database/);
      await migrate(db);
      expect((await httpRequest(server.port, "/readyz", { method: "GET" })).status).toBe(200);
    } finally {
      await server.close();
      await db.close();
    }
  });
});

describe.skipIf(!pgUrl)("PostgreSQL that stalls, goes down or is dropped", () => {
  const target = pgUrl ? new URL(pgUrl) : new URL("postgres://x@127.0.0.1:5432/x");
  const schema = `golive_down_${randomBytes(6).toString("hex")}`;
  let proxy: Awaited<ReturnType<typeof startTcpProxy>>;
  let db: Database;
  let admin: Database;

  beforeAll(async () => {
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const via = new URL(pgUrl!);
    via.hostname = "127.0.0.1";
    via.port = String(proxy.port);
    admin = await openPostgres({ connectionString: pgUrl!, schema });
    await migrate(admin);
    db = await openPostgres({ connectionString: via.toString(), schema, max: 4, timeouts: { connectMs: 2_000, queryMs: 3_000 } });
  });
  afterAll(async () => {
    proxy.set("down");
    await db?.close().catch(() => {});
    await admin?.exec(`drop schema if exists ${schema} cascade`);
    await admin?.close();
    await proxy?.close();
  });

  it("stalled: a slash command gets 'Working on it…' within Slack's 3 s, then 'the database is not answering', /readyz 503 within 2 s, nothing changed", { timeout: 60_000 }, async () => {
    proxy.set("pass");
    const h = await startSlack(db, { ackDeadline: timerDeadline() });
    const ready = await readyServer(db);
    try {
      await h.slash("launch create shop --checklist django-lms --date 2026-12-01");
      const events = await admin.query("select count(*)::int as n from events");
      proxy.set("stall");
      let started = performance.now();
      // Slack hears "Working on it…" in time; the pool's query timeout then answers through the response_url.
      const later = responseUrl();
      const answer = await h.signed(h.slashBody("check 1.1"), "application/x-www-form-urlencoded");
      expect(elapsed(started)).toBeLessThan(3_000);
      expect(answer.status).toBe(200);
      expect(answer.text).toMatch(/Working on it/);
      expect(JSON.stringify(await later)).toMatch(/The database is not answering; nothing was changed/);
      started = performance.now();
      const probe = await httpRequest(ready.port, "/readyz", { method: "GET" });
      expect(elapsed(started)).toBeLessThan(3_000);
      expect(probe.status).toBe(503);
      expect(await admin.query("select count(*)::int as n from events")).toEqual(events);
      // Queries already running fail with the same clear error once their timeout passes.
      await expect(db.query("select 1")).rejects.toThrow(/The database is not answering; nothing was changed/);
    } finally {
      proxy.set("down");
      await h.close();
      await ready.close();
    }
  });

  it("down: a slash command gets a clear reply, not an empty 200", { timeout: 60_000 }, async () => {
    proxy.set("down");
    const h = await startSlack(db, { ackDeadline: timerDeadline() });
    try {
      const started = performance.now();
      const answer = await h.signed(h.slashBody("status"), "application/x-www-form-urlencoded");
      expect(elapsed(started)).toBeLessThan(3_000);
      expect(answer.status).toBe(200);
      expect(answer.text).toMatch(/The database is not answering; nothing was changed/);
      await expect(db.transaction((tx) => tx.query("select 1"))).rejects.toThrow(/The database is not answering/);
      proxy.set("pass");
      expect(await db.query("select 1 as one")).toEqual([{ one: 1 }]);
    } finally {
      await h.close();
    }
  });

  it("a connection killed mid-transaction fails that command and does not crash the process", { timeout: 60_000 }, async () => {
    proxy.set("pass");
    const work = db.transaction(async (tx) => {
      const [me] = await tx.query<{ pid: number }>("select pg_backend_pid() as pid");
      await admin.query("select pg_terminate_backend($1)", [me!.pid]);
      // Wait until the backend is gone, so the connection's 'error' arrives while the transaction is idle (the crash of the repro).
      await vi.waitFor(async () => expect(await admin.query("select 1 from pg_stat_activity where pid = $1", [me!.pid])).toEqual([]));
      await tx.query("select 1");
    });
    await expect(work).rejects.toThrow(/The database is not answering; nothing was changed/);
    // The pool drops the dead client; the next work gets a fresh connection.
    expect(await db.transaction((tx) => tx.query("select 2 as two"))).toEqual([{ two: 2 }]);
  });

  it("dropped and recreated empty: /readyz says 503 and to restart, not 200", { timeout: 60_000 }, async () => {
    proxy.set("pass");
    const ready = await readyServer(db);
    try {
      expect((await httpRequest(ready.port, "/readyz", { method: "GET" })).status).toBe(200);
      await admin.exec(`drop schema ${schema} cascade; create schema ${schema}`);
      const probe = await httpRequest(ready.port, "/readyz", { method: "GET" });
      expect(probe.status).toBe(503);
      expect(probe.json().reason).toMatch(/golive's tables are missing from the database.*/);
    } finally {
      await ready.close();
    }
  });
});
