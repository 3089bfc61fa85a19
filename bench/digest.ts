// Digest throughput against GoAccess, side by side in one run on the same nginx access
// log (5 M generated combined lines with $request_time, about 1 GB), plus 50,000 gunicorn
// error lines with tracebacks. Reports lines/s and peak RSS (each read in its own process)
// at 1 M and 5 M lines, and the .gz rate against the plain one. Data is generated once
// under BENCH_DIR (default: the system temp folder). DIGEST_BENCH_LINES shrinks it;
// DIGEST_BENCH_GOACCESS=0 leaves GoAccess out (it takes most of the time: iterate with it off).
// Run alone: `flock /work/notes/bench.lock npx tsx bench/digest.ts` (or all benches: npm run bench).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { accessLog, gunicornErrorLog } from "./digest/generate.js";
import { median } from "./support/stats.js";

const LINES = Number(process.env.DIGEST_BENCH_LINES ?? 5_000_000);
const SMALL = Math.min(1_000_000, LINES);
const ERROR_LINES = 50_000;
/** Plain and .gz reads of the small file, alternated, each this many times (medians reported): one run is noise on a shared machine. */
const REPEATS = 3;

interface Measure {
  lines: number;
  ms: number;
  cpuMs: number;
  maxRssMb: number;
}

type Ours = Measure & { requests: number; groups: number; errors: string[]; baseRssMb: number };

/**
 * bench/digest/read-window.ts bundled the way scripts/build.mjs bundles dist/ (golive's code
 * in one file, packages from node_modules), so each read runs as `npx golive` does and its
 * RSS is golive's, not tsx's (whose compiler and loader thread add about 30 MB).
 */
async function bundleReader(): Promise<{ file: string; dir: string }> {
  const root = new URL("../", import.meta.url).pathname;
  const dir = join(root, `.dist-bench-digest-${process.pid}`);
  await build({
    absWorkingDir: root,
    entryPoints: { "read-window": "bench/digest/read-window.ts" },
    outdir: dir,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    banner: { js: 'import { createRequire as __goliveRequire } from "node:module"; const require = __goliveRequire(import.meta.url);' },
    logLevel: "warning",
  });
  return { file: join(dir, "read-window.js"), dir };
}

function ours(reader: string, format: string, ...paths: string[]): Ours {
  const out = execFileSync(process.execPath, [reader, format, ...paths], { encoding: "utf8", maxBuffer: 1 << 20 });
  const result = JSON.parse(out.trim().split("\n").at(-1)!);
  if (result.errors.length > 0) throw new Error(`the digest could not read the bench data: ${result.errors.join("; ")}`);
  return result;
}

function hasGoAccess(): boolean {
  return spawnSync("goaccess", ["--version"]).status === 0;
}

/** GoAccess on the same file, timed, its peak RSS from GNU time. */
function goaccess(path: string, lines: number): Measure {
  const output = join(tmpdir(), `golive-bench-goaccess-${process.pid}.json`);
  const started = performance.now();
  const run = spawnSync(
    "/usr/bin/time",
    ["-f", "%U %S %M", "goaccess", path, "--log-format", '%h %^[%d:%t %^] "%r" %s %b "%R" "%u" %T', "--date-format", "%d/%b/%Y", "--time-format", "%H:%M:%S", "-o", output, "--no-progress", "--no-global-config"],
    { encoding: "utf8" },
  );
  const ms = performance.now() - started;
  rmSync(output, { force: true });
  if (run.status !== 0) throw new Error(`goaccess failed: ${run.stderr.slice(-300)}`);
  const [user, system, rssKb] = run.stderr.trim().split("\n").at(-1)!.split(" ").map(Number);
  return { lines, ms, cpuMs: (user! + system!) * 1000, maxRssMb: rssKb! / 1024 };
}

const rate = (m: Measure) => m.lines / (m.ms / 1000);
const cpuRate = (m: Measure) => m.lines / (m.cpuMs / 1000);
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
const load = () => loadavg().map((l) => l.toFixed(2)).join(" ");

export async function benchDigest(): Promise<string> {
  const dir = join(process.env.BENCH_DIR ?? tmpdir(), "golive-digest-bench");
  mkdirSync(dir, { recursive: true });
  const big = join(dir, `access-${LINES}.log`);
  const small = join(dir, `access-${SMALL}.log`);
  const errors = join(dir, `gunicorn-error-${ERROR_LINES}.log`);
  await accessLog(big, LINES);
  await accessLog(small, SMALL);
  await gunicornErrorLog(errors, ERROR_LINES);
  // In a folder of its own: next to the plain file it would be read as its rotated sibling.
  mkdirSync(join(dir, "gz"), { recursive: true });
  const gz = join(dir, "gz", `access-${SMALL}.log.1.gz`);
  if (!existsSync(gz)) execFileSync("sh", ["-c", `gzip -c '${small}' > '${gz}.partial' && mv '${gz}.partial' '${gz}'`]);

  const lines: string[] = [`load average (1, 5, 15 min) before: ${load()}`];
  const mb = (path: string) => `${fmt(statSync(path).size / 1_048_576)} MB`;
  const reader = await bundleReader();
  try {
    const plains: Ours[] = [];
    const gzs: Ours[] = [];
    for (let i = 0; i < REPEATS; i++) {
      plains.push(ours(reader.file, "access", small));
      gzs.push(ours(reader.file, "access", gz));
    }
    const ours5m = ours(reader.file, "access", big);
    const oursErrors = ours(reader.file, "gunicorn-error", errors);
    const ours1m = plains.toSorted((a, b) => a.ms - b.ms)[Math.floor(REPEATS / 2)]!;
    const ratios = plains.map((p, i) => rate(gzs[i]!) / rate(p));
    const cpuRatios = plains.map((p, i) => cpuRate(gzs[i]!) / cpuRate(p));
    const rss1m = median(plains.map((p) => p.maxRssMb));
    lines.push(`digest, ${fmt(SMALL)} access lines (${mb(small)}): ${fmt(rate(ours1m))} lines/s (median of ${REPEATS}), peak RSS ${fmt(rss1m)} MB (runs: ${plains.map((p) => fmt(p.maxRssMb)).join(", ")})`);
    lines.push(
      `digest, ${fmt(LINES)} access lines (${mb(big)}): ${fmt(rate(ours5m))} lines/s (${fmt(cpuRate(ours5m))} per CPU-second), peak RSS ${fmt(ours5m.maxRssMb)} MB; ${fmt(ours5m.baseRssMb)} MB before reading`,
    );
    lines.push(
      `digest, the ${fmt(SMALL)} lines as .gz (${mb(gz)}): ${fmt(median(gzs.map(rate)))} lines/s, ${median(ratios).toFixed(2)}× the plain rate (median of ${REPEATS} alternated pairs: ${ratios.map((r) => r.toFixed(2)).join(", ")}; per CPU-second ${cpuRatios.map((r) => r.toFixed(2)).join(", ")}), peak RSS ${fmt(median(gzs.map((g) => g.maxRssMb)))} MB`,
    );
    lines.push(`digest, ${fmt(oursErrors.lines)} gunicorn error lines with tracebacks: ${fmt(rate(oursErrors))} lines/s, ${oursErrors.groups} groups`);
    if (process.env.DIGEST_BENCH_GOACCESS === "0") {
      lines.push("GoAccess left out (DIGEST_BENCH_GOACCESS=0).");
    } else if (!hasGoAccess()) {
      lines.push("GoAccess is not installed (apt-get install -y goaccess): no side-by-side figure.");
    } else {
      const theirs5m = goaccess(big, LINES);
      const theirs1m = goaccess(small, SMALL);
      lines.push(`GoAccess, ${fmt(LINES)} lines: ${fmt(rate(theirs5m))} lines/s (${fmt(cpuRate(theirs5m))} per CPU-second), peak RSS ${fmt(theirs5m.maxRssMb)} MB; ${fmt(SMALL)} lines: ${fmt(rate(theirs1m))} lines/s`);
      lines.push(`digest / GoAccess throughput: ${(rate(ours5m) / rate(theirs5m)).toFixed(2)}× wall-clock, ${(cpuRate(ours5m) / cpuRate(theirs5m)).toFixed(2)}× per CPU-second`);
    }
    lines.push(`flat memory: peak RSS ${fmt(rss1m)} MB at ${fmt(SMALL)} lines, ${fmt(ours5m.maxRssMb)} MB at ${fmt(LINES)} lines (target ≤ 256 MB, the same at both)`);
  } finally {
    rmSync(reader.dir, { recursive: true, force: true });
  }
  lines.push(`load average after: ${load()}`);
  return lines.join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await benchDigest());
