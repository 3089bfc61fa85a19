// The stages of the one streaming pass: counting and hashing, compression, OpenPGP
// encryption and the fan-out to the destinations. Every stage respects backpressure, so
// memory stays bounded whatever the size of the dump.
import { createHash } from "node:crypto";
import { Duplex, PassThrough, Readable, Transform, Writable } from "node:stream";
import { createGzip } from "node:zlib";
import * as openpgp from "openpgp";
import { childEnv, parseZstdSummary, startTool, type Tool } from "./tools.js";

export interface Meter extends Transform {
  bytes: number;
  /** Its input ended normally (everything was read). */
  ended: boolean;
  /** The first bytes that went through (for reading the OpenPGP header back). */
  head: Buffer;
  sha256(): string;
}

/** Counts (and optionally hashes) what flows through; `onChunk` may pause the flow (awaited). */
export function meter(opts: { hash?: boolean; onChunk?: () => Promise<void> | void } = {}): Meter {
  const hash = opts.hash ? createHash("sha256") : null;
  let head = Buffer.alloc(0);
  const t = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      m.bytes += chunk.length;
      hash?.update(chunk);
      if (head.length < 64) head = Buffer.concat([head, chunk.subarray(0, 64 - head.length)]);
      const after = opts.onChunk?.();
      if (after && typeof after.then === "function") after.then(() => callback(null, chunk), callback);
      else callback(null, chunk);
    },
    flush(callback) {
      m.ended = true;
      callback();
    },
  });
  const m = Object.assign(t, { bytes: 0, ended: false, sha256: () => hash!.digest("hex") }) as Meter;
  Object.defineProperty(m, "head", { get: () => head });
  return m;
}

/**
 * Joins small chunks into ones of at least `bytes` (the last may be smaller). zstd writes a
 * compressed block of a few hundred bytes for every 128 KB it reads on a compressible dump:
 * thousands of chunks, each costing an encryption call and a file write in golive's process.
 */
export function rechunk(bytes: number): Transform {
  let held: Buffer[] = [];
  let size = 0;
  const take = () => {
    const joined = held.length === 1 ? held[0]! : Buffer.concat(held, size);
    held = [];
    size = 0;
    return joined;
  };
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      held.push(chunk);
      size += chunk.length;
      callback(null, size >= bytes ? take() : undefined);
    },
    flush(callback) {
      callback(null, size > 0 ? take() : undefined);
    },
  });
}

export interface Stage {
  stream: Duplex;
  /** Resolves when the stage's program (if any) exited cleanly. */
  done: Promise<void>;
  /** Stops the stage's program at once (after another stage failed). */
  kill?: () => void;
}

export type CompressionAlgorithm = "zstd" | "gzip";
// zstd -1 in one thread: pg_dump, its server backend and zstd already share the cores (see docs/DESIGN.md).
export const COMPRESSION_LEVEL: Record<CompressionAlgorithm, number> = { zstd: 1, gzip: 6 };

/** Stops a stage's program at once, its pipes closed. */
const killTool = (tool: Tool) => () => {
  // A child's "close" waits for its pipes to close too: output nobody reads any more
  // would hold it (and `done`) open for ever.
  tool.child.stdin?.destroy();
  tool.child.stdout?.destroy();
  tool.child.kill("SIGKILL");
};

function toolStage(tool: Tool): Stage {
  return { stream: Duplex.from({ writable: tool.child.stdin!, readable: tool.child.stdout! }), done: tool.done, kill: killTool(tool) };
}

/** zstd's arguments; with `counting`, it also reports the exact bytes in and out on stderr (see parseZstdSummary). */
export const zstdArgs = (counting = false) => [`-${COMPRESSION_LEVEL.zstd}`, "--single-thread", ...(counting ? ["-vv", "--no-progress"] : ["-q"]), "-c"];

export function compressor(algorithm: CompressionAlgorithm): Stage {
  if (algorithm === "gzip") return { stream: createGzip({ level: COMPRESSION_LEVEL.gzip }), done: Promise.resolve() };
  return toolStage(startTool("zstd", zstdArgs(), childEnv()));
}

/**
 * zstd reading another program's output through an OS pipe (`source` is started with
 * `stdout` as its standard output): golive only reads what zstd writes. Its `stream` is
 * zstd's output; `counts()` reads, after it exited, the exact bytes in and out it reported.
 */
export function zstdFrom(startSource: (stdout: Writable) => Tool): {
  zstd: { stream: Readable; done: Promise<void>; kill: () => void; pid: number | undefined };
  source: Tool;
  counts: () => { bytesIn: number; bytesOut: number } | null;
} {
  const tool = startTool("zstd", zstdArgs(true), childEnv());
  const source = startSource(tool.child.stdin!);
  // The source holds the pipe's writing end now; golive's copy must go so zstd sees the end.
  tool.child.stdin!.destroy();
  return { zstd: { stream: tool.child.stdout!, done: tool.done, kill: killTool(tool), pid: tool.child.pid }, source, counts: () => parseZstdSummary(tool.stderr()) };
}

/**
 * OpenPGP symmetric encryption with openpgp.js: AES-256, AEAD off, so the packets are the
 * classic SKESK v4 + SEIPD v1 that every GnuPG decrypts. No compression (the data is
 * compressed already). The passphrase stays in this process.
 */
export async function encryptor(passphrase: string): Promise<Stage> {
  const plain = new PassThrough();
  // A web stream counts chunks: without a strategy Node 20 would queue up to 16384 of them.
  const web = Readable.toWeb(plain, { strategy: { highWaterMark: 16 } });
  const message = await openpgp.createMessage({ binary: web as unknown as ReadableStream<Uint8Array>, format: "binary" });
  const encrypted = await openpgp.encrypt({
    message,
    passwords: [passphrase],
    format: "binary",
    config: {
      aeadProtect: false,
      preferredSymmetricAlgorithm: openpgp.enums.symmetric.aes256,
      preferredCompressionAlgorithm: openpgp.enums.compression.uncompressed,
    },
  });
  const cipher = Readable.fromWeb(encrypted as unknown as import("node:stream/web").ReadableStream<Uint8Array>);
  return { stream: Duplex.from({ writable: plain, readable: cipher }), done: Promise.resolve() };
}

/** Writes each chunk to every destination (waiting for the slowest) and never ends them: they are committed separately. */
export function fanOut(targets: Writable[]): Writable {
  const writeOne = (target: Writable, chunk: Buffer) =>
    new Promise<void>((resolve, reject) => {
      if (target.destroyed) return reject(target.errored ?? new Error("a destination stream closed"));
      const onError = (error: Error) => {
        target.off("drain", onDrain);
        reject(error);
      };
      const onDrain = () => {
        target.off("error", onError);
        resolve();
      };
      if (target.write(chunk)) return resolve();
      target.once("drain", onDrain);
      target.once("error", onError);
    });
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      Promise.all(targets.map((t) => writeOne(t, chunk))).then(() => callback(), callback);
    },
  });
}
