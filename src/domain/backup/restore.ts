// A restore drill's mechanics: stream the artifact, checking its sha256, through stock
// gpg and the decompressor straight into pg_restore (one pass, no plaintext file), into a
// scratch database with a unique name, then count the rows per table. The scratch
// database and the files are always removed afterwards.
import { createHash, randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { Readable, Writable } from "node:stream";
import { connect, countRows, type DatabaseAddress, pgEnv, withDatabase } from "./source.js";
import type { CompressionAlgorithm } from "./streams.js";
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

/**
 * gpg → decompressor → pg_restore, joined by OS pipes (the plaintext never passes through
 * golive); golive feeds the artifact to gpg, hashing every byte. Each program is started
 * with the next one's stdin as its stdout, and golive then closes its own copy of that
 * stdin so the next one sees the end of its input. The artifact is read to the end even
 * when a program stopped early, so a changed artifact is always reported as such.
 */
async function restoreStream(opts: RestoreOptions, gnupgHome: string, target: DatabaseAddress) {
  const restore = startTool(
    pgBin("pg_restore"),
    ["--exit-on-error", "--no-owner", "--no-privileges", "--no-password", `--dbname=${target.url.toString()}`],
    childEnv(pgEnv(target)),
  );
  const inflate = startTool(opts.compression === "zstd" ? "zstd" : "gzip", ["-d", "-q", "-c"], childEnv(), 0, restore.child.stdin!);
  restore.child.stdin!.destroy();
  const gpgArgs = ["--batch", "--quiet", "--no-autostart", "--pinentry-mode", "loopback", "--passphrase-fd", "3", "--decrypt"];
  const gpg = startTool("gpg", gpgArgs, childEnv({ GNUPGHOME: gnupgHome }), 1, inflate.child.stdin!);
  inflate.child.stdin!.destroy();
  const fd3 = gpg.child.stdio[3] as Writable;
  fd3.on("error", () => {});
  fd3.end(`${opts.passphrase}\n`);
  const children = [gpg, inflate, restore];
  const exited = Promise.allSettled(children.map((tool) => tool.done));
  const stop = () => {
    for (const tool of children) tool.child.kill("SIGKILL");
  };
  opts.signal?.addEventListener("abort", stop, { once: true });

  const hash = createHash("sha256");
  let bytesRead = 0;
  let ended = false;
  const every = opts.progressEveryMs ?? 3000;
  let last = performance.now();
  const feed = async () => {
    const into = gpg.child.stdin!;
    let source: Readable | undefined;
    try {
      source = await opts.artifact();
      for await (const chunk of source as AsyncIterable<Buffer>) {
        if (opts.signal?.aborted) throw new Error(`stopped: ${String(opts.signal.reason ?? "golive is shutting down")}`);
        hash.update(chunk);
        bytesRead += chunk.length;
        if (opts.onPhase && performance.now() - last >= every) {
          last = performance.now();
          await opts.onPhase("decrypting", { bytesRead });
        }
        if (!into.destroyed && !into.write(chunk)) await drained(into);
      }
      ended = true;
    } finally {
      source?.destroy();
      into.end();
    }
  };
  try {
    const fed = await feed().then(
      () => null,
      (error: Error) => error,
    );
    if (ended) await opts.onPhase?.("restoring", { bytesRead });
    const [decrypted, decompressed, restored] = await exited;
    // The hash speaks first: a changed artifact is reported as such, whatever gpg made of it.
    if (ended) {
      const sha = hash.digest("hex");
      if (sha !== opts.sha256) throw new DrillFailure(`the artifact's sha256 is ${sha.slice(0, 16)}…, the manifest says ${opts.sha256.slice(0, 16)}…: the file was changed or damaged`);
    }
    if (fed) throw new DrillFailure(`could not read the artifact: ${fed.message}`);
    for (const stage of [decrypted, decompressed]) {
      if (stage?.status === "rejected") throw new DrillFailure(`could not decrypt and decompress the artifact: ${(stage.reason as Error).message}`);
    }
    if (bytesRead === 0) throw new DrillFailure("the artifact is empty");
    if (restored?.status === "rejected") throw new DrillFailure(`pg_restore failed: ${(restored.reason as Error).message}`);
  } finally {
    opts.signal?.removeEventListener("abort", stop);
    stop();
  }
}

/** Resolves when the stream can take more, or is gone (a program that stopped reading). */
const drained = (stream: Writable) =>
  new Promise<void>((resolve) => {
    const done = () => {
      stream.off("drain", done);
      stream.off("close", done);
      resolve();
    };
    stream.once("drain", done);
    stream.once("close", done);
  });

export async function restoreAndCount(opts: RestoreOptions): Promise<RestoreResult> {
  const started = performance.now();
  const dir = await mkdtemp(join(tmpdir(), "golive-drill-"));
  const scratch = `golive_drill_${opts.label.replace(/[^a-z0-9_]/g, "_").slice(0, 40)}_${randomBytes(4).toString("hex")}`;
  let created = false;
  const admin = await connect(opts.server);
  const work = async (): Promise<RestoreResult> => {
    const gnupgHome = join(dir, "gnupg");
    await mkdir(gnupgHome, { mode: 0o700 });
    await admin.query(`create database ${admin.escapeIdentifier(scratch)}`);
    created = true;
    const target = withDatabase(opts.server, scratch);
    await restoreStream(opts, gnupgHome, target);
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
