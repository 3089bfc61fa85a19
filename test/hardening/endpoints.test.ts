// Forged, slow, aborted and guessed requests against golive's real HTTP server.
import { connect } from "node:net";
import { request } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { commands } from "../../commands/index.js";
import { alertRoutes } from "../../src/adapters/http/alert-routes.js";
import { checkDeployRoute } from "../../src/adapters/http/check-deploy-route.js";
import { gateRoute } from "../../src/adapters/http/gate-route.js";
import { createAuthFailureGuard } from "../../src/adapters/http/request-guards.js";
import { createHttpServer, HTTP_TIMEOUTS, listen, readBody, sendJson } from "../../src/adapters/http/server.js";
import { signSlackRequest } from "../../src/adapters/slack/signature.js";
import { createSlackSurface } from "../../src/adapters/slack/surface.js";
import { createLogger } from "../../src/log.js";
import type { Database } from "../../src/storage/database.js";
import { engines, useDatabase } from "../helpers/db.js";
import { shellAs, testServices } from "../helpers/harness.js";
import { httpRequest } from "../helpers/http.js";
import { postJson, startTeams, teamsConfig } from "../adapters/teams/teams-harness.js";

const SECRET = "0123456789abcdef0123456789abcdef";

function capture() {
  const lines: { level: number; msg: string; [k: string]: unknown }[] = [];
  const log = createLogger({ level: "info", destination: { write: (line: string) => void lines.push(JSON.parse(line)) } });
  return { lines, log };
}

/** A request from a chosen loopback address (127.0.0.x), to be a different client. */
function from(address: string, port: number, path: string, opts: { method?: string; body?: string; headers?: Record<string, string> } = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; text: string }>((resolve, reject) => {
    const body = opts.body ?? "";
    const req = request({ host: "127.0.0.1", port, path, localAddress: address, method: opts.method ?? "POST", headers: { ...opts.headers, "content-length": Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString() }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

const servers: { close(cb: () => void): void; closeAllConnections(): void }[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
});

async function serve(routes: Parameters<typeof createHttpServer>[0], log = createLogger({ level: "silent" }), timeouts = HTTP_TIMEOUTS) {
  const server = createHttpServer(routes, log, timeouts);
  servers.push(server);
  return listen(server, 0, "127.0.0.1");
}

describe("golive's HTTP server timeouts", () => {
  it("are 5 s for the headers and 15 s for the whole request, not Node's 5 min", () => {
    const server = createHttpServer([], createLogger({ level: "silent" }));
    servers.push(server);
    expect([server.headersTimeout, server.requestTimeout, server.keepAliveTimeout]).toEqual([5_000, 15_000, 5_000]);
  });

  it("close a request whose headers or body never finish, with 408 for the headers", { timeout: 10_000 }, async () => {
    // The same server with the limits scaled down, so the test waits a second, not 15.
    const limits = { headersMs: 300, requestMs: 900, keepAliveMs: 300, checkEveryMs: 50 };
    const port = await serve(
      [
        async (req, res) => {
          await readBody(req);
          sendJson(res, 200, {});
          return true;
        },
      ],
      undefined,
      limits,
    );
    const held = (first: string) =>
      new Promise<{ ms: number; answer: string }>((resolve) => {
        const started = performance.now();
        let answer = "";
        const socket = connect(port, "127.0.0.1", () => socket.write(first));
        socket.on("data", (d) => {
          answer += d.toString();
        });
        socket.on("error", () => {});
        socket.on("close", () => resolve({ ms: performance.now() - started, answer }));
      });
    const [headers, body] = await Promise.all([
      held("POST /api/messages HTTP/1.1\r\nHost: x\r\n"),
      held("POST /api/messages HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{\"a\":"),
    ]);
    expect(headers.answer).toMatch(/^HTTP\/1\.1 408/);
    expect(headers.ms).toBeGreaterThanOrEqual(limits.headersMs - 50);
    expect(body.ms).toBeGreaterThanOrEqual(limits.requestMs - 50);
    expect(body.answer).not.toMatch(/^HTTP\/1\.1 200/);
  });
});

describe.each(engines)("Slack and Teams endpoints on %s", (engine) => {
  const db = useDatabase(engine);

  it("a signed payload=null (or a payload that is not an object) gets 400 and one warning line, no stack", async () => {
    const { lines, log } = capture();
    const { services } = testServices(db());
    const slack = createSlackSurface({ config: { SLACK_BOT_TOKEN: "xoxb-test-token", SLACK_SIGNING_SECRET: SECRET }, services: { ...services, log }, commands, options: { botIdentity: { botId: "B0", botUserId: "U0" } } });
    await slack.start();
    const port = await serve([slack.route], log);
    const ts = Math.floor(services.clock.now().getTime() / 1000);
    for (const body of ["payload=null", "payload=%5B%5D", "payload=%22x%22", "payload=1&payload=2"]) {
      lines.length = 0;
      const answer = await httpRequest(port, "/slack/events", {
        body,
        headers: { "content-type": "application/x-www-form-urlencoded", "x-slack-request-timestamp": ts, "x-slack-signature": signSlackRequest(SECRET, ts, body) },
      });
      expect(answer.status, body).toBe(400);
      expect(lines, body).toHaveLength(1);
      expect(lines[0]!.level, body).toBe(40);
      expect(JSON.stringify(lines), body).not.toMatch(/\n\s+at /);
    }
    await slack.stop();
  });

  it("an aborted unauthenticated upload logs no error line", async () => {
    const { lines, log } = capture();
    const { services } = testServices(db());
    const slack = createSlackSurface({ config: { SLACK_BOT_TOKEN: "xoxb-test-token", SLACK_SIGNING_SECRET: SECRET }, services: { ...services, log }, commands, options: { botIdentity: { botId: "B0", botUserId: "U0" } } });
    await slack.start();
    const port = await serve([slack.route], log);
    for (let i = 0; i < 5; i++) {
      await new Promise<void>((resolve) => {
        const socket = connect(port, "127.0.0.1", () => {
          socket.write("POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500000\r\n\r\n{\"type\":");
          setImmediate(() => socket.destroy());
        });
        socket.on("close", () => resolve());
      });
    }
    await httpRequest(port, "/healthz", { method: "GET" });
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
    await slack.stop();
  });

  it("Teams with credentials refuses a bad token before reading the body: 401 even for malformed JSON", async () => {
    const app = await startTeams(db(), teamsConfig({ MICROSOFT_APP_ID: "9a3c2e1f-0000-4000-8000-00000000b07a", MICROSOFT_APP_PASSWORD: "not-a-real-secret", GOLIVE_TEAMS_ALLOW_UNAUTHENTICATED: "false" }));
    try {
      for (const auth of ["Bearer x", "Bearer a.b.c", "Bearer eyJhbGciOiJub25lIn0.eyJzZXJ2aWNldXJsIjoiaHR0cHM6Ly9ldmlsIn0."]) {
        expect((await postJson(app.port, "/api/messages", "{not json", { authorization: auth })).status, auth).toBe(401);
      }
    } finally {
      await app.close();
    }
  });
});

describe.each(engines)("failed token attempts on %s", (engine) => {
  const db = useDatabase(engine);

  async function setup() {
    const { services, clock } = testServices(db(), "2026-11-22T09:00:00Z");
    const { lines, log } = capture();
    const sh = shellAs(services, "rita");
    await sh.run("launch create shop --checklist django-lms --date 2026-12-01");
    await sh.run("launch create other --checklist django-lms --date 2026-12-01");
    const token = /glv_[\w-]+/.exec((await sh.run("audit token --launch shop")).text)![0];
    const authFailures = createAuthFailureGuard({ nowMs: () => clock.now().getTime(), log });
    const deps = { ...services, log, authFailures };
    const port = await serve([checkDeployRoute(deps), gateRoute(deps), alertRoutes(deps)], log);
    return { clock, lines, token, port, authFailures };
  }

  it("are limited per address across check-deploy, gate and alert webhooks: 429 with Retry-After, one warning a minute", async () => {
    const { clock, lines, token, port, authFailures } = await setup();
    const wrong = { authorization: "Bearer glv_wrong", "content-type": "text/plain" };
    const tries = [
      () => from("127.0.0.2", port, "/api/launches/shop/check-deploy", { body: "x", headers: wrong }),
      () => from("127.0.0.2", port, "/api/launches/shop/gate", { method: "GET", headers: wrong }),
      () => from("127.0.0.2", port, "/api/launches/shop/alerts/webhook", { body: "{}", headers: wrong }),
    ];
    for (let i = 0; i < 10; i++) expect((await tries[i % 3]!()).status).toBe(401);
    for (const attempt of tries) {
      const limited = await attempt();
      expect(limited.status).toBe(429);
      expect(Number(limited.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    }
    // Even the right token waits: the address is refused before any credential is checked.
    expect((await from("127.0.0.2", port, "/api/launches/shop/gate", { method: "GET", headers: { authorization: `Bearer ${token}` } })).status).toBe(429);
    // Another address is not affected; the right token from it works (409: the gate says NO-GO).
    expect((await from("127.0.0.3", port, "/api/launches/shop/gate", { method: "GET", headers: { authorization: `Bearer ${token}` } })).status).toBe(409);
    // One failure comes back every 6 s.
    clock.advance(6_000);
    expect((await tries[0]!()).status).toBe(401);
    expect((await tries[0]!()).status).toBe(429);
    // Nothing logged per attempt; one aggregated warning when the minute is flushed.
    expect(lines.filter((l) => /authenticat|token/i.test(l.msg))).toEqual([]);
    authFailures.flush();
    const warnings = lines.filter((l) => l.msg === "failed authentications on the API routes in the last minute");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ level: 40, failures: 11, refused: 5, addresses: { "127.0.0.2": 11 }, launches: { shop: 11 } });
    expect(JSON.stringify(lines)).not.toContain("glv_wrong");
    authFailures.flush();
    expect(lines.filter((l) => l.msg === warnings[0]!.msg)).toHaveLength(1);
  });

  it("are limited per launch from many addresses, and an unknown launch is answered exactly like a wrong token", async () => {
    const { port } = await setup();
    const wrong = { authorization: "Bearer glv_wrong" };
    for (const address of ["127.0.0.4", "127.0.0.5", "127.0.0.6"]) {
      for (let i = 0; i < 10; i++) expect((await from(address, port, "/api/launches/shop/gate", { method: "GET", headers: wrong })).status).toBe(401);
    }
    expect((await from("127.0.0.7", port, "/api/launches/shop/gate", { method: "GET", headers: wrong })).status).toBe(429);
    const unknown = await from("127.0.0.7", port, "/api/launches/ghost/gate", { method: "GET", headers: wrong });
    const badToken = await from("127.0.0.8", port, "/api/launches/other/gate", { method: "GET", headers: wrong });
    const strip = (a: typeof unknown) => ({ status: a.status, text: a.text, headers: { ...a.headers, date: undefined } });
    expect(strip(unknown)).toEqual(strip(badToken));
    expect(unknown.status).toBe(401);
  });

  it("an unknown launch does the same database work as a wrong token (no timing difference)", async () => {
    const { services } = testServices(db(), "2026-11-22T09:00:00Z");
    const sh = shellAs(services, "rita");
    await sh.run("launch create shop --checklist django-lms --date 2026-12-01");
    await sh.run("audit token --launch shop");
    await sh.run("incident setup --token --launch shop");
    const seen: string[] = [];
    const real = db();
    const counting: Database = {
      ...real,
      query: (sql, params) => {
        seen.push(sql.replace(/\s+/g, " "));
        return real.query(sql, params);
      },
    };
    const deps = { ...services, db: counting };
    const port = await serve([checkDeployRoute(deps), gateRoute(deps), alertRoutes(deps)]);
    for (const path of ["/gate", "/check-deploy", "/alerts/webhook"]) {
      const work = async (launch: string) => {
        seen.length = 0;
        const answer = await from("127.0.0.9", port, `/api/launches/${launch}${path}`, { method: path === "/gate" ? "GET" : "POST", body: path === "/gate" ? "" : "{}", headers: { authorization: "Bearer glv_wrong" } });
        return { status: answer.status, text: answer.text, queries: [...seen] };
      };
      const known = await work("shop");
      expect(await work("ghost"), path).toEqual(known);
      expect(known.queries.length, path).toBeGreaterThanOrEqual(2);
    }
  });
});
