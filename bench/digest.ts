// Digest throughput against GoAccess, side by side in one run on the same nginx access
// log (5 M generated combined lines with $request_time, about 1 GB), plus 50,000 gunicorn
// error lines with tracebacks. Reports lines/s and peak RSS (each read in its own process)
// at 1 M and 5 M lines, and the .gz rate against the plain one. Data is generated once
// under BENCH_DIR (default: the system temp folder). DIGEST_BENCH_LINES shrinks it.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { accessLog, gunicornErrorLog } from "./digest/generate.js";

const LINES = Number(process.env.DIGEST_BENCH_LINES ?? 5_000_000);
const SMALL = Math.min(1_000_000, LINES);
const ERROR_LINES = 50_000;

interface Measure {
  lines: number;
  ms: number;
  cpuMs: number;
  maxRssMb: number;
}

function ours(format: string, ...paths: string[]): Measure & { requests: number; groups: number; errors: string[] } {
  const script = new URL("./digest/read-window.ts", import.meta.url).pathname;
  const out = execFileSync(process.execPath, ["--import", "tsx", script, format, ...paths], { encoding: "utf8", maxBuffer: 1 << 20 });
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
  if (run.status !== 0) throw new Error(`goaccess failed: ${run.stderr.slice(-300)}`);
  const [user, system, rssKb] = run.stderr.trim().split("\n").at(-1)!.split(" ").map(Number);
  return { lines, ms, cpuMs: (user! + system!) * 1000, maxRssMb: rssKb! / 1024 };
}

const rate = (m: Measure) => m.lines / (m.ms / 1000);
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

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

  const lines: string[] = [];
  const mb = (path: string) => `${fmt(statSync(path).size / 1_048_576)} MB`;
  const ours1m = ours("access", small);
  const ours5m = ours("access", big);
  const oursGz = ours("access", gz);
  const oursErrors = ours("gunicorn-error", errors);
  lines.push(`digest, ${fmt(SMALL)} access lines (${mb(small)}): ${fmt(rate(ours1m))} lines/s, peak RSS ${fmt(ours1m.maxRssMb)} MB`);
  lines.push(`digest, ${fmt(LINES)} access lines (${mb(big)}): ${fmt(rate(ours5m))} lines/s (${fmt(ours5m.lines / (ours5m.cpuMs / 1000))} per CPU-second), peak RSS ${fmt(ours5m.maxRssMb)} MB`);
  lines.push(`digest, the ${fmt(SMALL)} lines as .gz (${mb(gz)}): ${fmt(rate(oursGz))} lines/s = ${(rate(oursGz) / rate(ours1m)).toFixed(2)}× the plain rate`);
  lines.push(`digest, ${fmt(oursErrors.lines)} gunicorn error lines with tracebacks: ${fmt(rate(oursErrors))} lines/s, ${oursErrors.groups} groups`);
  if (!hasGoAccess()) {
    lines.push("GoAccess is not installed (apt-get install -y goaccess): no side-by-side figure.");
  } else {
    const theirs5m = goaccess(big, LINES);
    const theirs1m = goaccess(small, SMALL);
    lines.push(`GoAccess, ${fmt(LINES)} lines: ${fmt(rate(theirs5m))} lines/s (${fmt(LINES / (theirs5m.cpuMs / 1000))} per CPU-second), peak RSS ${fmt(theirs5m.maxRssMb)} MB; ${fmt(SMALL)} lines: ${fmt(rate(theirs1m))} lines/s`);
    lines.push(`digest / GoAccess throughput: ${(rate(ours5m) / rate(theirs5m)).toFixed(2)}× wall-clock, ${(ours5m.lines / ours5m.cpuMs / (LINES / theirs5m.cpuMs)).toFixed(2)}× per CPU-second`);
  }
  lines.push(`flat memory: peak RSS ${fmt(ours1m.maxRssMb)} MB at ${fmt(SMALL)} lines, ${fmt(ours5m.maxRssMb)} MB at ${fmt(LINES)} lines (target ≤ 256 MB)`);
  return lines.join("\n");
}
