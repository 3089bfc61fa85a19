// Speed under load (issue #16), side by side in one run: a bare @slack/bolt 5.1.0 app that only
// acknowledges (bench/support/bare-bolt.mjs), golive on PostgreSQL and golive on PGlite, each a
// real server process (`golive start`, the built bundle) given identical signed `/golive status`
// load by autocannon: 100 warm connections on a 300-item launch with 100 items done (repeated,
// interleaved), a burst of 90 new connections, sequential requests; time to ready with 1 and
// 1,000 launches; RSS idle and peak. Slack's Web API is answered locally (bench/support/fake-slack.mjs).
// Needs TEST_DATABASE_URL (or BENCH_DATABASE_URL) for PostgreSQL. Env: BENCH_LOAD_SECONDS (8), BENCH_REPS (2).
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { request } from "node:http";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { signSlackRequest } from "../src/adapters/slack/signature.js";
import { systemClock } from "../src/clock.js";
import { createLogger } from "../src/log.js";
import { conversationsRepo } from "../src/storage/conversations-repo.js";
import type { Database } from "../src/storage/database.js";
import { migrate } from "../src/storage/migrate.js";
import { openDatabase } from "../src/storage/open.js";
import { openPostgres } from "../src/storage/pg-engine.js";
import { createBigLaunch } from "../test/helpers/big-launch.js";
import { median } from "./support/stats.js";

const root = new URL("../", import.meta.url).pathname;
const SECRET = "0123456789abcdef0123456789abcdef";
const TOKEN = "xoxb-bench-token";
const CHANNEL = "C0BENCH01";
const USER = "U0BENCH01";
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 8);
const REPS = Number(process.env.BENCH_REPS ?? 2);
const READY_RUNS = 3;

type Kind = "bolt" | "postgres" | "pglite";
const LABEL: Record<Kind, string> = { bolt: "bare bolt", postgres: "golive on PostgreSQL", pglite: "golive on PGlite" };

let triggers = 0;
function signedStatus() {
  const body = new URLSearchParams({
    token: "bench", team_id: "T0001", team_domain: "example", channel_id: CHANNEL, channel_name: "launch", user_id: USER, user_name: "bench",
    command: "/golive", text: "status", api_app_id: "A0BENCH", is_enterprise_install: "false",
    response_url: "https://hooks.slack.com/commands/1234/5678", trigger_id: `bench-${process.pid}-${++triggers}`,
  }).toString();
  const ts = Math.floor(Date.now() / 1000);
  return { body, headers: { "content-type": "application/x-www-form-urlencoded", "x-slack-request-timestamp": String(ts), "x-slack-signature": signSlackRequest(SECRET, ts, body) } };
}

function post(port: number): Promise<{ status: number; text: string }> {
  const { body, headers } = signedStatus();
  return new Promise((resolve) => {
    const req = request({ host: "127.0.0.1", port, path: "/slack/events", method: "POST", headers: { ...headers, "content-length": Buffer.byteLength(body) }, timeout: 5_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
    });
    req.on("error", () => resolve({ status: 0, text: "" }));
    req.on("timeout", () => req.destroy());
    req.end(body);
  });
}

interface Server {
  kind: Kind;
  port: number;
  child: ChildProcess;
  readyMs: number;
}

let nextPort = 39_100 + (process.pid % 500);
async function startServer(kind: Kind, env: NodeJS.ProcessEnv): Promise<Server> {
  const port = nextPort++;
  const common = { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port), SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: TOKEN, LOG_LEVEL: "warn" };
  const args = kind === "bolt" ? [join(root, "bench/support/bare-bolt.mjs")] : ["--import", join(root, "bench/support/fake-slack.mjs"), join(root, "bin/golive.js"), "start"];
  const started = performance.now();
  const child = spawn(process.execPath, args, { env: { ...common, ...env }, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk).slice(-2000);
  });
  // Ready: the first signed status answered (for golive, with the launch's readiness).
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${LABEL[kind]} exited with ${child.exitCode} before it was ready: ${stderr.trim()}`);
    const answer = await post(port);
    if (answer.status === 200 && (kind === "bolt" || answer.text.includes("done"))) break;
    if (performance.now() - started > 120_000) throw new Error(`${LABEL[kind]} was not ready within 120 s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { kind, port, child, readyMs: performance.now() - started };
}

async function stopServer(server: Server) {
  const exited = new Promise((resolve) => server.child.once("exit", resolve));
  server.child.kill("SIGTERM");
  const timer = setTimeout(() => server.child.kill("SIGKILL"), 15_000);
  await exited;
  clearTimeout(timer);
}

function memory(server: Server): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${server.child.pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: kb("VmRSS") / 1024, peak: kb("VmHWM") / 1024 };
}

interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  max: number;
  total: number;
  /** Answers that are not 200, errors and timeouts. */
  failed: number;
  /** Acknowledgements that were "Working on it…" (the result followed on the response_url). */
  working: number;
}

async function load(port: number, opts: { connections: number; duration?: number; amount?: number }): Promise<LoadResult> {
  let working = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: opts.connections,
    ...(opts.amount ? { amount: opts.amount } : { duration: opts.duration ?? SECONDS }),
    timeout: 10,
    requests: [
      {
        method: "POST",
        path: "/slack/events",
        setupRequest: (req: Record<string, unknown>) => ({ ...req, ...signedStatus() }),
        onResponse: (_status: number, body: string) => {
          if (body.includes("Working on it")) working++;
        },
      },
    ],
  } as unknown as autocannon.Options);
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    total: result.requests.total,
    failed: result.non2xx + result.errors + result.timeouts,
    working,
  };
}

/** p50 of `count` status requests one after another on one connection, timed to the microsecond (autocannon rounds to whole ms). */
async function sequentialP50(port: number, count: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    const answer = await post(port);
    times.push(performance.now() - start);
    if (answer.status !== 200) throw new Error(`sequential status answered ${answer.status}`);
  }
  return median(times);
}

/** 999 more launches of the same 300 items, in bulk (what 1,000 launches cost at start is the question, not their creation). */
async function addLaunches(db: Database, count: number) {
  const columns = (await db.query<{ name: string }>(
    "select column_name as name from information_schema.columns where table_schema = current_schema() and table_name = 'items' and column_name <> 'launch_id' order by ordinal_position",
  )).map((c) => c.name);
  await db.transaction(async (tx) => {
    await tx.query(
      `insert into launches (name, checklist_id, checklist_title, launch_date, timezone, url, settings, created_by, created_at)
       select 'other-' || lpad(n::text, 4, '0'), checklist_id, checklist_title, launch_date + (n % 20), timezone, url, settings, created_by, created_at
       from launches cross join generate_series(1, $1::int) n where name = 'bench'`,
      [count],
    );
    await tx.query(
      `insert into items (launch_id, ${columns.join(", ")}) select l.id, ${columns.map((c) => `i.${c}`).join(", ")}
       from launches l cross join items i where l.name like 'other-%' and i.launch_id = (select id from launches where name = 'bench')`,
    );
    await tx.query(
      `insert into sections (launch_id, ref, title, parent_ref, position, phase) select l.id, s.ref, s.title, s.parent_ref, s.position, s.phase
       from launches l cross join sections s where l.name like 'other-%' and s.launch_id = (select id from launches where name = 'bench')`,
    );
  });
}

async function setUp(db: Database) {
  const services = { db, clock: systemClock, log: createLogger({ level: "silent" }) };
  const inTwoWeeks = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
  await createBigLaunch(services, { name: "bench", items: 300, done: 100, user: USER, date: inTwoWeeks });
  const [launch] = await db.query<{ id: number }>("select id from launches where name = 'bench'");
  await conversationsRepo.bind(db, "slack", CHANNEL, launch!.id, USER, new Date());
}

async function readyTimes(kind: Kind, env: NodeJS.ProcessEnv): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < READY_RUNS; i++) {
    const server = await startServer(kind, env);
    times.push(server.readyMs);
    await stopServer(server);
  }
  return median(times);
}

const ms = (v: number) => `${Math.round(v).toLocaleString("en-US")} ms`;
const fine = (v: number) => `${v.toFixed(1)} ms`;
const ratio = (v: number, base: number) => `${(v / base).toFixed(1)}×`;
const yes = (ok: boolean) => (ok ? "met" : "**not met**");

export async function benchLoad(): Promise<string> {
  const pgUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!pgUrl) return "load: skipped (set TEST_DATABASE_URL or BENCH_DATABASE_URL to a PostgreSQL database)";
  execFileSync(process.execPath, [join(root, "scripts/build.mjs")], { stdio: "ignore" });
  const loadBefore = loadavg();
  const schema = `golive_bench_${randomBytes(5).toString("hex")}`;
  const admin = await openPostgres({ connectionString: pgUrl, schema });
  const dir = mkdtempSync(join(tmpdir(), "golive-load-"));
  const servers: Server[] = [];
  try {
    await migrate(admin);
    await setUp(admin);
    const url = new URL(pgUrl);
    url.searchParams.set("options", `-c search_path=${schema}`);
    const envOf: Record<Kind, NodeJS.ProcessEnv> = { bolt: {}, postgres: { DATABASE_URL: url.toString() }, pglite: { GOLIVE_DATA_DIR: join(dir, "data") } };
    const embedded = await openDatabase({ dataDir: join(dir, "data") });
    await setUp(embedded);
    await embedded.close();

    const kinds: Kind[] = ["bolt", "postgres", "pglite"];
    const ready1: Record<Kind, number> = { bolt: 0, postgres: 0, pglite: 0 };
    for (const k of kinds) ready1[k] = await readyTimes(k, envOf[k]);

    for (const k of kinds) servers.push(await startServer(k, envOf[k]));
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const idle = Object.fromEntries(servers.map((s) => [s.kind, memory(s).rss])) as Record<Kind, number>;
    for (const s of servers) await load(s.port, { connections: 100, duration: 2 }); // warm-up
    const runs: Record<Kind, LoadResult[]> = { bolt: [], postgres: [], pglite: [] };
    for (let rep = 0; rep < REPS; rep++) for (const s of servers) runs[s.kind].push(await load(s.port, { connections: 100 }));
    const burst: Record<Kind, LoadResult> = {} as never;
    const sequential: Record<Kind, number> = {} as never;
    for (const s of servers) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      burst[s.kind] = await load(s.port, { connections: 90, amount: 90 });
      sequential[s.kind] = await sequentialP50(s.port, 300);
    }
    const peak = Object.fromEntries(servers.map((s) => [s.kind, memory(s).peak])) as Record<Kind, number>;
    for (const s of servers.splice(0)) await stopServer(s);

    // 1,000 launches of 300 items each.
    await addLaunches(admin, 999);
    const embedded1000 = await openDatabase({ dataDir: join(dir, "data") });
    await addLaunches(embedded1000, 999);
    await embedded1000.close();
    const ready1000 = { postgres: await readyTimes("postgres", envOf.postgres), pglite: await readyTimes("pglite", envOf.pglite) };
    const loadAfter = loadavg();

    const med = (k: Kind, pick: (r: LoadResult) => number) => median(runs[k].map(pick));
    const all = (k: Kind, pick: (r: LoadResult) => number) => runs[k].map(pick);
    const range = (k: Kind, pick: (r: LoadResult) => number) => `${Math.round(Math.min(...all(k, pick)))}–${Math.round(Math.max(...all(k, pick)))}`;
    const p99 = (k: Kind) => med(k, (r) => r.p99);
    const maxOf = (k: Kind) => Math.max(...all(k, (r) => r.max));
    const failed = (k: Kind) => all(k, (r) => r.failed).reduce((a, b) => a + b, 0);
    const working = (k: Kind) => all(k, (r) => r.working).reduce((a, b) => a + b, 0);
    const rows = [
      "| measure | bare bolt | golive on PostgreSQL | golive on PGlite | target | met |",
      "|---|---|---|---|---|---|",
      `| status req/s, 100 warm connections (median of ${REPS} × ${SECONDS} s; range) | ${Math.round(med("bolt", (r) => r.rps))} (${range("bolt", (r) => r.rps)}) | ${Math.round(med("postgres", (r) => r.rps))} (${range("postgres", (r) => r.rps)}) | ${Math.round(med("pglite", (r) => r.rps))} (${range("pglite", (r) => r.rps)}) | PG ≥ 1,000/s | ${yes(med("postgres", (r) => r.rps) >= 1000)} |`,
      `| status p99, 100 warm connections | ${ms(p99("bolt"))} | ${ms(p99("postgres"))} (${ratio(p99("postgres"), p99("bolt"))}) | ${ms(p99("pglite"))} (${ratio(p99("pglite"), p99("bolt"))}) | PG ≤ 3× bolt and < 250 ms; PGlite < 1 s | PG ${yes(p99("postgres") <= 3 * p99("bolt") && p99("postgres") < 250)}, PGlite ${yes(p99("pglite") < 1000)} |`,
      `| slowest status under that load | ${ms(maxOf("bolt"))} | ${ms(maxOf("postgres"))} | ${ms(maxOf("pglite"))} | PGlite none past 2.5 s | ${yes(maxOf("pglite") < 2500)} |`,
      `| "Working on it…" acks / failed requests under that load | ${working("bolt")} / ${failed("bolt")} | ${working("postgres")} / ${failed("postgres")} | ${working("pglite")} / ${failed("pglite")} | 0 failed | ${yes(failed("postgres") + failed("pglite") === 0)} |`,
      `| burst: 90 new connections at once, p99 / slowest | ${ms(burst.bolt.p99)} / ${ms(burst.bolt.max)} | ${ms(burst.postgres.p99)} / ${ms(burst.postgres.max)} | ${ms(burst.pglite.p99)} / ${ms(burst.pglite.max)} | none past 2.5 s | ${yes(burst.postgres.max < 2500 && burst.pglite.max < 2500)} |`,
      `| one status, sequential p50 (300 requests) | ${fine(sequential.bolt)} | ${fine(sequential.postgres)} (${ratio(sequential.postgres, sequential.bolt)}) | ${fine(sequential.pglite)} (${ratio(sequential.pglite, sequential.bolt)}) | PG ≤ 3×, PGlite ≤ 5× | PG ${yes(sequential.postgres <= 3 * sequential.bolt)}, PGlite ${yes(sequential.pglite <= 5 * sequential.bolt)} |`,
      `| time to ready (first status answered), 1 launch (median of ${READY_RUNS}) | ${ms(ready1.bolt)} | ${ms(ready1.postgres)} | ${ms(ready1.pglite)} | PG < 1.5 s, PGlite < 3 s | PG ${yes(ready1.postgres < 1500)}, PGlite ${yes(ready1.pglite < 3000)} |`,
      `| time to ready, 1,000 launches of 300 items | | ${ms(ready1000.postgres)} | ${ms(ready1000.pglite)} | same, independent of launches | PG ${yes(ready1000.postgres < 1500)}, PGlite ${yes(ready1000.pglite < 3000)} |`,
      `| RSS idle / peak under load | ${Math.round(idle.bolt)} / ${Math.round(peak.bolt)} MB | ${Math.round(idle.postgres)} / ${Math.round(peak.postgres)} MB | ${Math.round(idle.pglite)} / ${Math.round(peak.pglite)} MB | PG idle < 150 MB | ${yes(idle.postgres < 150)} |`,
    ];
    const machine = `${cpus().length} cores; load average ${loadBefore.map((l) => l.toFixed(2)).join(" ")} before, ${loadAfter.map((l) => l.toFixed(2)).join(" ")} after; ${new Date().toISOString().slice(0, 16)}Z`;
    return `load: status under load, one run beside a bare bolt app (${machine})\n${rows.join("\n")}`;
  } finally {
    for (const s of servers) await stopServer(s).catch(() => {});
    await admin.exec(`drop schema if exists ${schema} cascade`).catch(() => {});
    await admin.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith("bench/load.ts")) console.log(await benchLoad());
