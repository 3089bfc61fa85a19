// The benchmark's data: nginx combined lines with $request_time (realistic paths, status
// mix and latencies) and gunicorn error lines with tracebacks, written once and reused.
import { once } from "node:events";
import { createWriteStream, existsSync, renameSync } from "node:fs";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n: number, w = 2) => String(n).padStart(w, "0");
export const BENCH_START = Date.UTC(2026, 10, 24, 0, 0, 0);
export const DAY_MS = 86_400_000;

/** A small deterministic generator (mulberry32): the same data on every machine. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const AGENTS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
  "python-requests/2.32.3",
  "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
];

function hex(rand: () => number, n: number) {
  let s = "";
  for (let i = 0; i < n; i++) s += "0123456789abcdef"[Math.floor(rand() * 16)];
  return s;
}

const assetRandom = random(99);
const STATIC_ASSETS = Array.from({ length: 24 }, (_, i) => `/static/${["css/app", "js/app", "js/vendor", "img/logo"][i % 4]}.${hex(assetRandom, 8)}.${i % 4 === 0 ? "css" : i % 4 === 3 ? "png" : "js"}`);

function pathOf(rand: () => number): [string, string] {
  const r = rand();
  const id = () => String(1 + Math.floor(rand() * 50_000));
  // A deploy's assets: a handful of hashed names.
  if (r < 0.3) return ["GET", STATIC_ASSETS[Math.floor(rand() * STATIC_ASSETS.length)]!];
  if (r < 0.5) return ["GET", `/api/exams/${id()}/stations/`];
  if (r < 0.6) return ["POST", `/api/exams/${id()}/submit/`];
  if (r < 0.7) return ["GET", `/users/${id()}/orders/${hex(rand, 8)}-${hex(rand, 4)}-${hex(rand, 4)}-${hex(rand, 4)}-${hex(rand, 12)}`];
  if (r < 0.8) return ["GET", `/search/?q=${hex(rand, 6)}&page=${1 + Math.floor(rand() * 9)}`];
  if (r < 0.9) return ["GET", "/"];
  if (r < 0.95) return ["POST", "/accounts/login/"];
  return ["GET", `/reports/${id()}.pdf`];
}

function statusOf(rand: () => number): number {
  const r = rand();
  return r < 0.9 ? 200 : r < 0.93 ? 302 : r < 0.955 ? 404 : r < 0.97 ? 403 : r < 0.99 ? 304 : r < 0.996 ? 502 : 500;
}

/** Lognormal-ish latency in seconds, with a slow tail. */
function latencyOf(rand: () => number, status: number): number {
  const base = Math.exp(-3.2 + 1.1 * (rand() + rand() + rand() - 1.5));
  return status >= 500 ? base * 20 : rand() < 0.01 ? base * 30 : base;
}

async function writeLines(path: string, count: number, line: (i: number) => string) {
  const tmp = `${path}.partial`;
  const out = createWriteStream(tmp, { highWaterMark: 1 << 20 });
  let buffer = "";
  for (let i = 0; i < count; i++) {
    buffer += `${line(i)}\n`;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, "drain");
      buffer = "";
    }
  }
  out.end(buffer);
  await once(out, "finish");
  renameSync(tmp, path);
}

/** `count` access lines spread evenly over the bench day (written once). */
export async function accessLog(path: string, count: number): Promise<void> {
  if (existsSync(path)) return;
  const rand = random(42);
  const step = DAY_MS / count;
  let cachedSecond = -1;
  let stamp = "";
  await writeLines(path, count, (i) => {
    const at = BENCH_START + Math.floor(i * step);
    const second = Math.floor(at / 1000);
    if (second !== cachedSecond) {
      const d = new Date(at);
      stamp = `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
      cachedSecond = second;
    }
    const [method, target] = pathOf(rand);
    const status = statusOf(rand);
    const ip = `${10 + Math.floor(rand() * 200)}.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}`;
    const agent = AGENTS[Math.floor(rand() * AGENTS.length)];
    const bytes = status === 304 ? 0 : Math.floor(rand() * 60_000);
    return `${ip} - - [${stamp}] "${method} ${target} HTTP/1.1" ${status} ${bytes} "https://osce.example.com/" "${agent}" ${latencyOf(rand, status).toFixed(3)}`;
  });
}

const TRACE = [
  "Traceback (most recent call last):",
  '  File "/srv/osce/venv/lib/python3.11/site-packages/django/core/handlers/exception.py", line 55, in inner',
  "    response = get_response(request)",
  '  File "/srv/osce/venv/lib/python3.11/site-packages/django/core/handlers/base.py", line 197, in _get_response',
  "    response = wrapped_callback(request, *callback_args, **callback_kwargs)",
];
const CULPRITS = [
  ['  File "/srv/osce/exams/views.py", line 142, in submit', "ValueError: invalid literal for int() with base 10: '%'"],
  ['  File "/srv/osce/exams/models.py", line 88, in save', "django.db.utils.OperationalError: could not connect to server: Connection refused"],
  ['  File "/srv/osce/stations/views.py", line 31, in detail', "KeyError: 'station_%'"],
  ['  File "/srv/osce/reports/pdf.py", line 210, in render', "TimeoutError: rendering took more than % seconds"],
];

/** `count` gunicorn error-log lines: "Error handling request" records with their tracebacks. */
export async function gunicornErrorLog(path: string, count: number): Promise<void> {
  if (existsSync(path)) return;
  const rand = random(7);
  const perRecord = TRACE.length + 3;
  const records = Math.ceil(count / perRecord);
  const lines: string[] = [];
  for (let r = 0; r < records; r++) {
    const d = new Date(BENCH_START + Math.floor((r * DAY_MS) / records));
    const [frame, error] = CULPRITS[Math.floor(rand() * CULPRITS.length)]!;
    lines.push(
      `[${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000] [${1000 + (r % 8)}] [ERROR] Error handling request /api/exams/${r}/submit/`,
      ...TRACE,
      frame!,
      "    raise",
      error!.replace("%", String(Math.floor(rand() * 1000))),
    );
  }
  await writeLines(path, Math.min(count, lines.length), (i) => lines[i]!);
}
