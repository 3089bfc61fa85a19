// Backups side by side with the seed checklist's pipeline, on a pgbench database of about
// 1 GB (pgbench -i -s 70, PostgreSQL on this machine):
//   backup: golive (pg_dump -Fc → zstd → openpgp.js → sha256 → file) vs
//           `pg_dump db | gzip | gpg --symmetric --batch --passphrase …`
//   drill:  golive (sha256 + gpg -d | zstd -d | pg_restore, streamed → counts) vs
//           `gpg -d | gunzip | psql`
// and the compression × cipher choices measured on the same dump. golive runs in a child
// process, bundled like dist/, so its peak RSS is its own. Set BENCH_SCALE to change the size.
import { execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { cp, mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { Duplex, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { build } from "esbuild";
import pg from "pg";
import { type CompressionAlgorithm, compressor, encryptor, meter, zstdArgs } from "../src/domain/backup/streams.js";
import { median } from "./support/stats.js";

const run = promisify(execFile);
const SERVER = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const SCALE = Number(process.env.BENCH_SCALE ?? 70);
const PASSPHRASE = "bench passphrase";
const BACKUP_REPS = Number(process.env.BENCH_BACKUP_REPS ?? 3);

const urlOf = (database: string) => Object.assign(new URL(SERVER), { pathname: `/${database}` }).toString();

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: SERVER });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Wall time of a bash pipeline (stock tools), in ms. */
async function timed(script: string, env: Record<string, string> = {}): Promise<number> {
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn("bash", ["--norc", "--noprofile", "-o", "pipefail", "-c", script], { env: { PATH: process.env.PATH!, ...env }, stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    child.stderr.on("data", (d: Buffer) => {
      err = (err + d).slice(-2000);
    });
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`${script.slice(0, 60)}…: exit ${code}: ${err}`))));
  });
  return performance.now() - started;
}

/**
 * bench/support/backup-child.ts bundled the way scripts/build.mjs bundles dist/ (golive's
 * code in one file, packages from node_modules, the migrations beside it), so the child
 * runs as `npx golive` does and its peak RSS is golive's, not tsx's compiler's.
 */
async function bundleChild(): Promise<{ file: string; dir: string }> {
  const root = new URL("../", import.meta.url).pathname;
  const dir = join(root, `.dist-bench-${process.pid}`);
  await build({
    absWorkingDir: root,
    entryPoints: { "backup-child": "bench/support/backup-child.ts" },
    outdir: dir,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    banner: { js: 'import { createRequire as __goliveRequire } from "node:module"; const require = __goliveRequire(import.meta.url);' },
    logLevel: "warning",
  });
  await cp(join(root, "src/storage/migrations"), join(dir, "migrations"), { recursive: true });
  return { file: join(dir, "backup-child.js"), dir };
}

interface ChildRun {
  ms: number;
  baselineRssBytes: number;
  maxRssBytes: number;
}

async function golive(child: string, mode: "setup" | "backup" | "drill", schema: string, dir: string, sourceUrl: string): Promise<ChildRun> {
  const { stdout } = await run(process.execPath, [child, mode, schema, dir], {
    env: { ...process.env, BENCH_SOURCE_URL: sourceUrl, BENCH_PASSPHRASE: PASSPHRASE },
    maxBuffer: 1 << 20,
  });
  return JSON.parse(stdout.trim().split("\n").at(-1)!);
}

/** The golive stages (zstd child or zlib gzip; openpgp.js in process or a gpg child) over a file; returns the bytes out. */
async function compressAndEncrypt(file: string, algorithm: CompressionAlgorithm, cipher: "openpgp.js" | "gpg", gnupgHome: string): Promise<number> {
  const squeeze = compressor(algorithm);
  const encrypt = cipher === "openpgp.js" ? await encryptor(PASSPHRASE) : gpgEncryptor(gnupgHome);
  const out = meter();
  const sink = new Writable({ write: (_chunk, _encoding, callback) => callback() });
  await Promise.all([pipeline(createReadStream(file), squeeze.stream, encrypt.stream, out, sink), squeeze.done, encrypt.done]);
  return out.bytes;
}

function gpgEncryptor(gnupgHome: string) {
  const args = ["--batch", "--quiet", "--symmetric", "--cipher-algo", "AES256", "--compress-algo", "none", "--pinentry-mode", "loopback", "--passphrase-fd", "3", "-o", "-"];
  const child = spawn("gpg", args, { env: { PATH: process.env.PATH!, GNUPGHOME: gnupgHome }, stdio: ["pipe", "pipe", "ignore", "pipe"] });
  (child.stdio[3] as Writable).end(`${PASSPHRASE}\n`);
  const done = new Promise<void>((resolve, reject) => child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`gpg exited with ${code}`)))));
  return { stream: Duplex.from({ writable: child.stdin, readable: child.stdout }), done };
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const mb = (bytes: number) => `${Math.round(bytes / 1e6)} MB`;

/** golive's runs against its baseline's, interleaved: the medians, the highest RSS, and each pair as "golive / baseline = ratio". */
function compare(mine: ChildRun[], baseline: number[]) {
  return {
    ms: median(mine.map((r) => r.ms)),
    baselineMs: median(baseline),
    maxRssBytes: Math.max(...mine.map((r) => r.maxRssBytes)),
    rssBeforeBytes: Math.max(...mine.map((r) => r.baselineRssBytes)),
    pairs: baseline.map((b, i) => `${s(mine[i]!.ms)} / ${s(b)} = ${(mine[i]!.ms / b).toFixed(2)}`).join("; "),
  };
}

export async function benchBackup(): Promise<string> {
  const id = randomBytes(4).toString("hex");
  const source = `golive_bench_${id}`;
  const manual = `golive_bench_manual_${id}`;
  const schema = `golive_bench_${id}`;
  const work = await mkdtemp(join(tmpdir(), "golive-bench-backup-"));
  const gnupg = join(work, "gnupg");
  const lines: string[] = [];
  const child = await bundleChild();
  try {
    await admin(`create database ${source}`);
    await run("pgbench", ["-i", "-s", String(SCALE), "-q", urlOf(source)], { maxBuffer: 1 << 24 });
    const { stdout: size } = await run("psql", ["-Atc", "select pg_size_pretty(pg_database_size(current_database()))", urlOf(source)]);
    await run("mkdir", ["-m", "700", gnupg]);
    const env = { GNUPGHOME: gnupg, PW: PASSPHRASE };

    await golive(child.file, "setup", schema, join(work, "golive"), urlOf(source));
    // Three interleaved repetitions (the machine is shared): the seed pipeline, golive's
    // backup, and golive's floor (the programs it runs, alone: no row counts, no encryption).
    const seedRuns: number[] = [];
    const mineRuns: ChildRun[] = [];
    const floorRuns: number[] = [];
    for (let rep = 0; rep < BACKUP_REPS; rep++) {
      seedRuns.push(await timed(`pg_dump "${urlOf(source)}" | gzip | gpg --symmetric --batch --pinentry-mode loopback --passphrase "$PW" --yes -o "${work}/seed.sql.gz.gpg"`, env));
      mineRuns.push(await golive(child.file, "backup", schema, join(work, "golive"), urlOf(source)));
      floorRuns.push(await timed(`pg_dump --format=custom --compress=0 "${urlOf(source)}" | zstd ${zstdArgs().join(" ")} > /dev/null`));
    }
    const seedSize = (await stat(join(work, "seed.sql.gz.gpg"))).size;
    const backup = compare(mineRuns, seedRuns);
    const floor = median(floorRuns);
    lines.push(
      `backup: pgbench -s ${SCALE} (${size.trim()}), median of ${BACKUP_REPS} interleaved runs: golive ${s(backup.ms)} vs seed pipeline ${s(backup.baselineMs)} → ratio ${(backup.ms / backup.baselineMs).toFixed(2)} (target ≤ 0.6; each run: ${backup.pairs}); pg_dump -Fc -Z0 | zstd ${zstdArgs()[0]} alone ${s(floor)} (${(floor / backup.baselineMs).toFixed(2)} of the seed); golive peak RSS ${mb(backup.maxRssBytes)} (target < 200 MB; ${mb(backup.rssBeforeBytes)} before the backup); seed artifact ${mb(seedSize)}`,
    );

    // The drill and the manual restore, interleaved the same way (each manual restore into a
    // fresh database, which it leaves behind as a person would; dropped before the next).
    const manualRuns: number[] = [];
    const drillRuns: ChildRun[] = [];
    for (let rep = 0; rep < BACKUP_REPS; rep++) {
      await admin(`drop database if exists ${manual} with (force)`);
      await admin(`create database ${manual}`);
      // Each timed restore starts from a checkpoint: the previous one's gigabyte of WAL and
      // dirty pages would otherwise be flushed during the next, whichever of the two it is.
      await admin("checkpoint");
      manualRuns.push(await timed(`gpg -d --batch --pinentry-mode loopback --passphrase "$PW" "${work}/seed.sql.gz.gpg" | gunzip | psql -q -v ON_ERROR_STOP=1 "${urlOf(manual)}"`, env));
      await admin("checkpoint");
      drillRuns.push(await golive(child.file, "drill", schema, join(work, "golive"), urlOf(source)));
    }
    const drill = compare(drillRuns, manualRuns);
    lines.push(
      `drill, median of ${BACKUP_REPS} interleaved runs: golive ${s(drill.ms)} vs gpg -d | gunzip | psql ${s(drill.baselineMs)} → ratio ${(drill.ms / drill.baselineMs).toFixed(2)} (target ≤ 1.2; each run: ${drill.pairs}); golive peak RSS ${mb(drill.maxRssBytes)} (${mb(drill.rssBeforeBytes)} before the drill)`,
    );

    // The choices, measured on one uncompressed custom-format dump of the same database.
    const dump = join(work, "db.dump");
    await run("pg_dump", ["-Fc", "-Z0", "-f", dump, urlOf(source)]);
    const sizes = { zstd: 0, gzip: 0 };
    const timings: string[] = [];
    for (const algorithm of ["zstd", "gzip"] as const) {
      for (const cipher of ["openpgp.js", "gpg"] as const) {
        const started = performance.now();
        const out = await compressAndEncrypt(dump, algorithm, cipher, gnupg);
        timings.push(`${algorithm} + ${cipher} ${s(performance.now() - started)}`);
        sizes[algorithm] = out;
      }
    }
    lines.push(`choices on the ${mb((await stat(dump)).size)} dump: ${timings.join(", ")}; artifact zstd ${mb(sizes.zstd)}, gzip ${mb(sizes.gzip)}`);
    return lines.map((line) => `backup: ${line}`).join("\n");
  } finally {
    await run("gpgconf", ["--homedir", gnupg, "--kill", "gpg-agent"]).catch(() => {});
    await admin(`drop database if exists ${source} with (force)`).catch(() => {});
    await admin(`drop database if exists ${manual} with (force)`).catch(() => {});
    await admin(`drop schema if exists ${schema} cascade`).catch(() => {});
    await rm(work, { recursive: true, force: true });
    await rm(child.dir, { recursive: true, force: true });
  }
}

// `npx tsx bench/backup.ts` runs this bench alone (`npm run bench` runs every bench).
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) console.log(await benchBackup());
