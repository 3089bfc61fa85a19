// A restore drill's mechanics: stream the artifact, checking its sha256, through stock
// gpg and the decompressor into a file (pg_restore runs in parallel only from a file),
// restore it into a scratch database with a unique name, count the rows per table. The
// scratch database and the files are always removed afterwards.
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { connect, countRows, type DatabaseAddress, pgEnv, withDatabase } from "./source.js";
import { type CompressionAlgorithm, decompressor, gpgDecryptor, meter } from "./streams.js";
import { childEnv, pgBin, startTool } from "./tools.js";
import type { DrillTable, TableCount } from "./types.js";

export type RestorePhase = "decrypting" | "restoring" | "counting";

export interface RestoreOptions {
  artifact: () => Promise<Readable>;
  sha256: string;
  compression: CompressionAlgorithm;
  passphrase: string;
  /** The drill server (the scratch database is created there). */
  server: DatabaseAddress;
  expected: TableCount[];
  /** The artifact's size, for progress. */
  bytes: number;
  onPhase?: (phase: RestorePhase, detail: { bytesRead: number }) => Promise<void> | void;
  progressEveryMs?: number;
  signal?: AbortSignal;
  /** Parallel pg_restore jobs. */
  jobs?: number;
  /** Names the scratch database for people (`golive_drill_<label>_<random>`). */
  label: string;
}

export interface RestoreResult {
  tables: DrillTable[];
  /** Tables whose restored rows differ from the manifest. */
  mismatched: DrillTable[];
  durationMs: number;
  scratchDatabase: string;
}

export class DrillFailure extends Error {
  constructor(
    message: string,
    readonly tables: DrillTable[] = [],
  ) {
    super(message);
  }
}

export function compareCounts(expected: TableCount[], restored: TableCount[]): DrillTable[] {
  const names = [...new Set([...expected.map((t) => t.table), ...restored.map((t) => t.table)])].sort();
  return names.map((table) => ({
    table,
    expected: expected.find((t) => t.table === table)?.rows ?? null,
    restored: restored.find((t) => t.table === table)?.rows ?? null,
  }));
}

async function decryptToFile(opts: RestoreOptions, dir: string, file: string) {
  const gnupgHome = join(dir, "gnupg");
  await mkdir(gnupgHome, { mode: 0o700 });
  const every = opts.progressEveryMs ?? 3000;
  let last = performance.now();
  const read = meter({
    hash: true,
    onChunk: () => {
      if (!opts.onPhase || performance.now() - last < every) return;
      last = performance.now();
      return opts.onPhase("decrypting", { bytesRead: read.bytes });
    },
  });
  const gpg = gpgDecryptor(opts.passphrase, gnupgHome);
  const inflate = decompressor(opts.compression);
  const source = await opts.artifact();
  const flow = pipeline(source, read, gpg.stream, inflate.stream, createWriteStream(file), { signal: opts.signal }).catch((error: unknown) => {
    // A broken flow leaves the tools' output unread: stop them, or they never close.
    gpg.kill?.();
    inflate.kill?.();
    throw error;
  });
  const results = await Promise.allSettled([flow, gpg.done, inflate.done]);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  // Read to the end, the hash speaks first: a changed artifact is reported as such, whatever gpg made of it.
  if (read.ended) {
    const sha = read.sha256();
    if (sha !== opts.sha256) throw new DrillFailure(`the artifact's sha256 is ${sha.slice(0, 16)}…, the manifest says ${opts.sha256.slice(0, 16)}…: the file was changed or damaged`);
  }
  if (failed) throw new DrillFailure(`could not ${read.ended ? "decrypt and decompress" : "read"} the artifact: ${(failed.reason as Error).message}`);
  if (read.bytes === 0) throw new DrillFailure("the artifact is empty");
}

export async function restoreAndCount(opts: RestoreOptions): Promise<RestoreResult> {
  const started = performance.now();
  const dir = await mkdtemp(join(tmpdir(), "golive-drill-"));
  const scratch = `golive_drill_${opts.label.replace(/[^a-z0-9_]/g, "_").slice(0, 40)}_${randomBytes(4).toString("hex")}`;
  let created = false;
  const admin = await connect(opts.server);
  const work = async (): Promise<RestoreResult> => {
    const file = join(dir, "restore.dump");
    await decryptToFile(opts, dir, file);
    await opts.onPhase?.("restoring", { bytesRead: opts.bytes });
    await admin.query(`create database ${admin.escapeIdentifier(scratch)}`);
    created = true;
    const target = withDatabase(opts.server, scratch);
    const restore = startTool(
      pgBin("pg_restore"),
      ["--exit-on-error", "--no-owner", "--no-privileges", `--jobs=${opts.jobs ?? 2}`, "--no-password", `--dbname=${target.url.toString()}`, file],
      childEnv(pgEnv(target)),
    );
    const abort = () => restore.child.kill("SIGTERM");
    opts.signal?.addEventListener("abort", abort, { once: true });
    try {
      await restore.done;
    } catch (error) {
      throw new DrillFailure(`pg_restore failed: ${(error as Error).message}`);
    } finally {
      opts.signal?.removeEventListener("abort", abort);
    }
    await opts.onPhase?.("counting", { bytesRead: opts.bytes });
    const client = await connect(target);
    let restored: TableCount[];
    try {
      restored = await countRows(client);
    } finally {
      await client.end().catch(() => {});
    }
    const tables = compareCounts(opts.expected, restored);
    const mismatched = tables.filter((t) => t.expected !== t.restored);
    return { tables, mismatched, durationMs: Math.round(performance.now() - started), scratchDatabase: scratch };
  };
  const outcome = await work().then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  const dropped = created ? await admin.query(`drop database if exists ${admin.escapeIdentifier(scratch)} with (force)`).then(() => null, (e: Error) => e) : null;
  await admin.end().catch(() => {});
  await rm(dir, { recursive: true, force: true });
  if ("error" in outcome) throw outcome.error;
  if (dropped) throw new DrillFailure(`the scratch database ${scratch} could not be dropped (${dropped.message}); drop it by hand`);
  return outcome.value;
}
