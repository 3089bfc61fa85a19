// One streaming pass: pg_dump (custom format, its own compression off, inside an exported
// snapshot whose row counts we recorded) → compress → OpenPGP encrypt → sha256 → every
// destination. With zstd, pg_dump writes into zstd through an OS pipe and golive reads only
// the compressed bytes (zstd reports the dump's exact size); with gzip the plain dump goes
// through golive. Nothing is committed until pg_dump exited 0 and every stage finished; on
// any failure the partial files are removed and uploads aborted.
import { performance } from "node:perf_hooks";
import type { Duplex, Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { GoliveError } from "../../errors.js";
import type { ArtifactSink } from "./destinations.js";
import { readOpenPgpHeader } from "./openpgp-header.js";
import { connect, countRows, databaseSize, type DatabaseAddress, pgEnv, serverVersion } from "./source.js";
import { type CompressionAlgorithm, compressor, encryptor, fanOut, meter, rechunk, zstdFrom } from "./streams.js";
import { bytesReadBy, childEnv, pgBin, startTool, toolVersion, zstdCountsBytes } from "./tools.js";
import type { OpenPgpHeader, TableCount } from "./types.js";

export interface Progress {
  /** Bytes pg_dump wrote so far (null where golive cannot see it: zstd reads them, and the system does not say). */
  bytesIn: number | null;
  bytesOut: number;
  /** Bytes golive expects pg_dump to write (the last backup's size, else the tables' size). */
  estimateBytes: number;
}

export interface DumpOptions {
  source: DatabaseAddress;
  passphrase: string;
  sinks: ArtifactSink[];
  compression: CompressionAlgorithm;
  /** The previous good backup's bytes in, the best estimate of this one's. */
  previousBytesIn?: number;
  /** Called at most every `progressEveryMs` while (compressed) bytes flow; the flow waits for it. */
  onProgress?: (progress: Progress) => Promise<void> | void;
  progressEveryMs?: number;
  signal?: AbortSignal;
}

export interface DumpResult {
  database: string;
  sizeBytes: number;
  serverVersion: string;
  pgDumpVersion: string;
  tables: TableCount[];
  bytesIn: number;
  bytesOut: number;
  sha256: string;
  cipher: OpenPgpHeader;
  durationMs: number;
}

/** pg_dump must be at least the server's major version: an older one can silently miss what it does not know. */
export async function requireCompatiblePgDump(client: pg.Client, pgDumpVersion = toolVersion(pgBin("pg_dump"))) {
  const [server, pgDump] = await Promise.all([serverVersion(client), pgDumpVersion]);
  if (pgDump.major < server.major) {
    throw new GoliveError(
      "config",
      `pg_dump ${pgDump.text} is older than the database server (PostgreSQL ${server.text}); golive refuses to make a backup that could silently miss data.`,
      `Install the PostgreSQL ${server.major} client programs (e.g. apt-get install postgresql-client-${server.major}) or set GOLIVE_PG_BIN_DIR to their folder.`,
    );
  }
  return { server, pgDump };
}

export async function dumpToSinks(opts: DumpOptions): Promise<DumpResult> {
  const started = performance.now();
  // Deriving the key (OpenPGP's iterated S2K), asking pg_dump its version and checking zstd overlap the database round trips.
  const encrypting = encryptor(opts.passphrase);
  const zstdCounting = opts.compression === "zstd" ? zstdCountsBytes() : Promise.resolve(false);
  const pgDumpVersion = toolVersion(pgBin("pg_dump"));
  encrypting.catch(() => {});
  pgDumpVersion.catch(() => {});
  const client = await connect(opts.source);
  try {
    const { server, pgDump } = await requireCompatiblePgDump(client, pgDumpVersion);
    await client.query("begin isolation level repeatable read read only");
    // The row counts run beside pg_dump: no parallel workers or JIT compilation to take CPU from it.
    await client.query("set local max_parallel_workers_per_gather = 0; set local jit = off");
    const { rows } = await client.query<{ snapshot: string }>("select pg_export_snapshot() as snapshot");
    const snapshot = rows[0]!.snapshot;
    const sizeBytes = await databaseSize(client);
    const { rows: estimate } = await client.query<{ bytes: string }>(
      "select coalesce(sum(pg_table_size(c.oid)), 0)::text as bytes from pg_class c join pg_namespace n on n.oid = c.relnamespace where c.relkind = 'r' and n.nspname not in ('pg_catalog', 'information_schema')",
    );
    const estimateBytes = opts.previousBytesIn ?? Number(estimate[0]!.bytes);

    const encrypt = await encrypting;
    const dumpArgs = ["--format=custom", "--compress=0", `--snapshot=${snapshot}`, "--no-password", `--dbname=${opts.source.url.toString()}`];
    const startDump = (stdout?: Writable) => startTool(pgBin("pg_dump"), dumpArgs, childEnv(pgEnv(opts.source)), 0, stdout);
    // zstd whose summary golive can read takes pg_dump's output through an OS pipe, and
    // golive reads only the compressed bytes; otherwise (gzip, or a zstd that does not say
    // its byte counts) the plain dump goes through golive, which counts it.
    const direct = await zstdCounting;
    const piped = direct ? zstdFrom(startDump) : null;
    const dump = piped ? piped.source : startDump();
    // Counted in the same snapshot while pg_dump reads it: the two scans overlap.
    const counting = countRows(client);
    const squeeze: { stream: Readable; done: Promise<void>; kill?: () => void } = piped ? piped.zstd : compressor(opts.compression);
    const every = opts.progressEveryMs ?? 3000;
    let lastReport = performance.now();
    // With zstd reading pg_dump, what zstd has read (approximately: /proc says) is the progress.
    let readByZstd: number | null = null;
    const report = async (onProgress: NonNullable<DumpOptions["onProgress"]>) => {
      if (piped) readByZstd = (await bytesReadBy(piped.zstd.pid)) ?? readByZstd;
      await onProgress({ bytesIn: piped ? readByZstd : progress.bytes, bytesOut: written.bytes, estimateBytes });
    };
    // On the first stage golive reads (zstd's output, or pg_dump's): the flow waits for the post.
    const progress = meter({
      onChunk: () => {
        if (!opts.onProgress || performance.now() - lastReport < every) return;
        lastReport = performance.now();
        return report(opts.onProgress);
      },
    });
    const written = meter({ hash: true });
    const stop = () => dump.child.kill("SIGTERM");
    opts.signal?.addEventListener("abort", stop, { once: true });
    try {
      const streams = piped
        ? [piped.zstd.stream, rechunk(CHUNK_BYTES), progress, encrypt.stream, written, fanOutTo(opts.sinks)]
        : [dump.child.stdout!, progress, squeeze.stream as Duplex, rechunk(CHUNK_BYTES), encrypt.stream, written, fanOutTo(opts.sinks)];
      const flow = pipeline(streams, { signal: opts.signal });
      const stages = [dump.done, flow, squeeze.done, encrypt.done, counting];
      try {
        await Promise.all(stages);
      } catch (error) {
        dump.child.kill("SIGKILL");
        squeeze.kill?.();
        await Promise.allSettled(stages);
        throw opts.signal?.aborted ? new Error(`stopped: ${String(opts.signal.reason ?? "golive is shutting down")}`) : error;
      }
    } finally {
      opts.signal?.removeEventListener("abort", stop);
    }
    let bytesIn = progress.bytes;
    if (piped) {
      const counts = piped.counts();
      if (!counts) throw new Error("zstd did not report how many bytes pg_dump wrote");
      if (counts.bytesOut !== progress.bytes) throw new Error(`zstd says it wrote ${counts.bytesOut} bytes, golive read ${progress.bytes}`);
      bytesIn = counts.bytesIn;
    }
    const tables = await counting;
    await client.query("commit");
    const cipher = readOpenPgpHeader(written.head);
    if (!cipher) throw new Error("the encrypted output does not start with an OpenPGP SKESK + SEIPD packet");
    return {
      database: opts.source.database,
      sizeBytes,
      serverVersion: server.text,
      pgDumpVersion: pgDump.text,
      tables,
      bytesIn,
      bytesOut: written.bytes,
      sha256: written.sha256(),
      cipher,
      durationMs: Math.round(performance.now() - started),
    };
  } finally {
    await client.end().catch(() => {});
  }
}

/** What golive encrypts and writes at a time (compressed bytes). */
const CHUNK_BYTES = 1 << 20;

const fanOutTo = (sinks: ArtifactSink[]) => fanOut(sinks.map((s) => s.stream));
