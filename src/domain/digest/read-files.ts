// Reads the log files of one source for a window: only files whose time range overlaps
// it, only the part of a large plain file that does (binary search on the timestamps),
// compressed rotations streamed (gzip with zlib, zstd with Debian's `zstd` binary).
// Files are read through handles opened up front; after the read the patterns are listed
// again and only files that are new (a rotation happened meanwhile) are read, so no line
// is lost or counted twice.
import { spawn } from "node:child_process";
import { Readable, type TransformOptions } from "node:stream";
import { createGunzip, type ZlibOptions } from "node:zlib";
import { GoliveError } from "../../errors.js";
import type { WindowAggregate } from "./aggregate.js";
import { consumerFor, detectFormat, FORMAT_NAMES, type FormatOptions, type LogFormat, lineTimeOf } from "./formats.js";
import { forEachLine } from "./line-reader.js";
import { type LogFile, openSnapshot, resolveLogFiles } from "./log-files.js";

export interface FileSourceSpec {
  name: string;
  patterns: string[];
  /** The formats files of this source may be in; detected per file among them. */
  formats: readonly LogFormat[];
  options: FormatOptions;
}

export interface FileReadReport {
  path: string;
  format: LogFormat;
  bytes: number;
  lines: number;
}

export interface SourceReadReport {
  name: string;
  files: FileReadReport[];
  errors: string[];
}

export interface ReadHooks {
  /** Called after each chunk of a file is handled (tests rotate files here). */
  afterChunk?: (path: string) => Promise<void>;
}

export interface ReadOptions {
  onBytes?: (bytes: number) => void;
  hooks?: ReadHooks;
}

const HEAD_BYTES = 64 * 1024;
const SEEK_ABOVE_BYTES = 8 * 1024 * 1024;
/** Access logs are written at the end of a request: allow for slightly unordered times. */
const SEEK_MARGIN_MS = 10 * 60_000;

function zstdError(error: unknown): GoliveError {
  if ((error as NodeJS.ErrnoException)?.code === "ENOENT") {
    return new GoliveError("config", "Reading .zst logs needs the zstd program, which is not installed.", "Install it: apt-get install zstd");
  }
  return new GoliveError("invalid", `zstd failed: ${(error as Error).message}`);
}

// 64 KiB: the decoded strings stay small enough for V8's young generation (flat memory).
const CHUNK_BYTES = 64 * 1024;
// Compressed input is read, and inflated, in larger pieces: zlib's cost per call is paid
// less often (inflating the 1 M-line bench file alone: 16 KiB output chunks 1.13 CPU-s,
// 64 KiB 0.76, 256 KiB 0.63). Its output is cut back into CHUNK_BYTES views (no copy)
// before decoding. 128 KiB, not 256: each output chunk is a fresh buffer that only a
// collection frees, and 256 KiB ones raised the peak RSS by about 10 MB more.
const COMPRESSED_CHUNK_BYTES = 128 * 1024;
// How far zlib may inflate ahead of the line parser: it runs on libuv's thread pool, so on
// a machine with a core to spare the inflating overlaps the parsing instead of alternating.
const INFLATE_AHEAD_BYTES = 4 * 1024 * 1024;

/**
 * Positional reads of the file's bytes [start, end]: the handle stays open and its offset
 * unmoved. With `reuse`, one buffer serves every read: only for a consumer that is done
 * with a chunk before it asks for the next (the line reader; not a stream that buffers).
 */
async function* chunksOf(file: LogFile, start: number, end = Number.POSITIVE_INFINITY, onBytes?: (bytes: number) => void, reuse = false, size = CHUNK_BYTES): AsyncGenerator<Buffer> {
  let position = start;
  const shared = reuse ? Buffer.allocUnsafe(size) : null;
  while (position <= end) {
    const length = Math.min(size, end - position + 1);
    const buffer = shared ?? Buffer.allocUnsafe(length);
    const { bytesRead } = await file.handle.read(buffer, 0, length, position);
    if (bytesRead === 0) return;
    position += bytesRead;
    onBytes?.(bytesRead);
    yield bytesRead === length ? buffer : buffer.subarray(0, bytesRead);
  }
}

/** A stream's buffers as views of at most CHUNK_BYTES (the line reader decodes each one to a string). */
async function* cut(stream: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  for await (const chunk of stream) {
    if (chunk.length <= CHUNK_BYTES) yield chunk;
    else for (let at = 0; at < chunk.length; at += CHUNK_BYTES) yield chunk.subarray(at, at + CHUNK_BYTES);
  }
}

/** The decompressed bytes of a file from `start` (positional reads: the handle's offset is never moved). */
function openStream(file: LogFile, start: number, onBytes?: (bytes: number) => void, end?: number): { stream: AsyncIterable<Buffer> & { destroy(): void }; done: Promise<void> } {
  if (file.compression === "none") {
    const chunks = chunksOf(file, start, end, onBytes, true);
    return { stream: Object.assign(chunks, { destroy: () => void chunks.return(undefined) }), done: Promise.resolve() };
  }
  const raw = Readable.from(chunksOf(file, start, end, onBytes, false, COMPRESSED_CHUNK_BYTES), { objectMode: false, highWaterMark: COMPRESSED_CHUNK_BYTES });
  if (file.compression === "gzip") {
    // zlib streams pass their options on to Transform, which takes readableHighWaterMark (@types/node does not list it).
    const gunzip = createGunzip({ chunkSize: COMPRESSED_CHUNK_BYTES, readableHighWaterMark: INFLATE_AHEAD_BYTES } as ZlibOptions & TransformOptions);
    raw.on("error", (error) => gunzip.destroy(error));
    const inflated = raw.pipe(gunzip);
    const chunks = cut(inflated);
    return {
      stream: Object.assign(chunks, {
        destroy: () => {
          inflated.destroy();
          raw.destroy();
        },
      }),
      done: Promise.resolve(),
    };
  }
  const child = spawn("zstd", ["-dcq"], { stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => {
    stderr += String(d).slice(0, 500);
  });
  child.stdin.on("error", () => {});
  raw.pipe(child.stdin);
  const done = new Promise<void>((resolve, reject) => {
    child.on("error", (error) => reject(zstdError(error)));
    child.on("close", (code, signal) => {
      if (code === 0 || signal === "SIGTERM" || signal === "SIGPIPE") resolve();
      else reject(new GoliveError("invalid", `${file.path} is not a readable zstd file: ${stderr.trim() || `zstd exited with ${code}`}.`));
    });
  });
  child.stdout.on("close", () => raw.destroy());
  return { stream: child.stdout, done };
}

/** The first lines of a file (decompressed), for detection and its first timestamp. */
async function headLines(file: LogFile): Promise<string[]> {
  const { stream, done } = openStream(file, 0, undefined, file.compression === "none" ? HEAD_BYTES - 1 : undefined);
  let text = "";
  try {
    for await (const chunk of stream) {
      text += chunk.toString("utf8");
      if (text.length >= HEAD_BYTES) break;
    }
  } catch (error) {
    if (error instanceof GoliveError) throw error;
    throw new GoliveError("invalid", `${file.path} could not be read as ${file.compression === "gzip" ? "gzip" : "text"}: ${(error as Error).message}.`);
  } finally {
    stream.destroy();
    await done.catch(() => {});
  }
  const lines = text.split("\n");
  if (text.length >= HEAD_BYTES) lines.pop();
  return lines.slice(0, 200);
}

/** The last record time of a plain file (its tail), NaN when none is found. */
async function lastTime(file: LogFile, lineTime: (line: string) => number): Promise<number> {
  const length = Math.min(file.size, HEAD_BYTES);
  const buffer = Buffer.alloc(length);
  await file.handle.read(buffer, 0, length, file.size - length);
  const lines = buffer.toString("utf8").split("\n");
  for (let i = lines.length - 1; i >= 0; i--) {
    const t = lineTime(lines[i]!);
    if (!Number.isNaN(t)) return t;
  }
  return Number.NaN;
}

/** The offset of the first record line at or after `position`, and its time. */
async function recordAt(file: LogFile, position: number, lineTime: (line: string) => number): Promise<{ offset: number; time: number } | null> {
  const buffer = Buffer.alloc(HEAD_BYTES);
  const { bytesRead } = await file.handle.read(buffer, 0, HEAD_BYTES, position);
  let start = position === 0 ? 0 : buffer.indexOf(10) + 1;
  if (start === 0 && position !== 0) return null;
  while (start < bytesRead) {
    const end = buffer.indexOf(10, start);
    if (end < 0 || end >= bytesRead) return null;
    const time = lineTime(buffer.toString("utf8", start, end));
    if (!Number.isNaN(time)) return { offset: position + start, time };
    start = end + 1;
  }
  return null;
}

/** Where to start reading a large plain file so that nothing at or after `from` is missed. */
async function seekOffset(file: LogFile, from: number, lineTime: (line: string) => number): Promise<number> {
  let lo = 0;
  let hi = file.size;
  while (hi - lo > HEAD_BYTES * 4) {
    const mid = Math.floor((lo + hi) / 2);
    const found = await recordAt(file, mid, lineTime);
    if (!found || found.time >= from - SEEK_MARGIN_MS) hi = mid;
    else lo = found.offset;
  }
  return lo;
}

function unknownFormat(path: string, head: readonly string[], formats: readonly LogFormat[]): GoliveError {
  const index = Math.max(0, head.findIndex((line) => line.trim() !== ""));
  const shown = JSON.stringify((head[index] ?? "").slice(0, 120));
  return new GoliveError(
    "invalid",
    `Unknown format in ${path} line ${index + 1}: ${shown} is not ${formats.map((f) => `a ${FORMAT_NAMES[f]}`).join(" or ")} line.`,
    "Name the format with --format access|nginx-error|gunicorn-error|django|jsonl, or leave this file out of the pattern.",
  );
}

interface PlannedFile {
  file: LogFile;
  format: LogFormat;
  start: number;
  firstTime: number;
}

export class SourceReader {
  private readonly report: SourceReadReport;

  constructor(
    private readonly spec: FileSourceSpec,
    private readonly aggregate: WindowAggregate,
  ) {
    this.report = { name: spec.name, files: [], errors: [] };
  }

  /** Plans which files (and from where) to read; returns the bytes that will be read. */
  async plan(): Promise<{ planned: PlannedFile[]; bytes: number; identities: Set<string> }> {
    const { files: paths, unmatched } = await resolveLogFiles(this.spec.patterns);
    for (const pattern of unmatched) this.report.errors.push(`No file matches ${pattern}.`);
    const { files, errors } = await openSnapshot(paths);
    for (const error of errors) this.report.errors.push(error.message);
    const identities = new Set(files.map((f) => f.identity));
    const planned: PlannedFile[] = [];
    for (const file of files) {
      const keep = await this.planFile(file).catch((error: unknown) => {
        this.report.errors.push(error instanceof GoliveError ? error.message : `${file.path}: ${(error as Error).message}`);
        return null;
      });
      if (keep) planned.push(keep);
      else await file.handle.close();
    }
    planned.sort((a, b) => a.firstTime - b.firstTime);
    return { planned, bytes: planned.reduce((sum, p) => sum + p.file.size - p.start, 0), identities };
  }

  private async planFile(file: LogFile): Promise<PlannedFile | null> {
    if (file.size === 0) return null;
    const { window } = this.aggregate;
    const head = await headLines(file);
    const format = detectFormat(head, this.spec.formats, this.spec.options);
    if (!format) throw unknownFormat(file.path, head, this.spec.formats);
    const lineTime = lineTimeOf(format, this.spec.options);
    const firstTime = head.map(lineTime).find((t) => !Number.isNaN(t)) ?? Number.NaN;
    if (firstTime >= window.to) return null;
    // A compressed file's last line is its modification time (logrotate keeps it); a plain file's is read from its tail.
    const endTime = file.compression === "none" ? await lastTime(file, lineTime) : file.mtimeMs;
    if (endTime < window.previousFrom) return null;
    const start = file.compression === "none" && file.size > SEEK_ABOVE_BYTES && firstTime < window.previousFrom ? await seekOffset(file, window.previousFrom, lineTime) : 0;
    return { file, format, start, firstTime };
  }

  async readPlanned(planned: PlannedFile[], options: ReadOptions): Promise<void> {
    for (const p of planned) {
      try {
        await this.readFile(p, options);
      } catch (error) {
        this.report.errors.push(error instanceof GoliveError ? error.message : `${p.file.path}: ${(error as Error).message}`);
      } finally {
        await p.file.handle.close();
      }
    }
  }

  private async readFile({ file, format, start }: PlannedFile, options: ReadOptions): Promise<void> {
    const consumer = consumerFor(format, this.spec.options, { aggregate: this.aggregate, file: file.path, midFile: start > 0 });
    const { stream, done } = openStream(file, start, options.onBytes);
    let bytes = 0;
    const afterChunk = options.hooks?.afterChunk;
    const chunks = afterChunk
      ? (async function* () {
          for await (const chunk of stream) {
            yield chunk;
            await afterChunk(file.path);
          }
        })()
      : stream;
    const lines = await forEachLine(
      chunks,
      {
        line: (text, lineNo) => consumer.line(text, lineNo),
        overlong: (lineNo, length) => this.aggregate.addMalformed({ file: file.path, line: lineNo }, `line of ${length} characters (longer than 64 KiB)`),
      },
      (n) => {
        bytes += n;
      },
    );
    consumer.end();
    await done;
    this.report.files.push({ path: start > 0 ? `${file.path} (from byte ${start})` : file.path, format, bytes, lines });
  }

  /** Files that appeared while we read (a rotation): read the new plain ones. */
  async readNewFiles(known: Set<string>, options: ReadOptions): Promise<void> {
    const { files: paths } = await resolveLogFiles(this.spec.patterns);
    const { files } = await openSnapshot(
      paths.filter((p) => !p.endsWith(".gz") && !p.endsWith(".zst")),
      known,
    );
    const planned: PlannedFile[] = [];
    for (const file of files) {
      const keep = await this.planFile(file).catch(() => null);
      if (keep) planned.push(keep);
      else await file.handle.close();
    }
    await this.readPlanned(planned, options);
  }

  result(): SourceReadReport {
    return this.report;
  }
}

/** Reads one source for the aggregate's window. */
export async function readFileSource(spec: FileSourceSpec, aggregate: WindowAggregate, options: ReadOptions = {}): Promise<SourceReadReport> {
  const reader = new SourceReader(spec, aggregate);
  const { planned, identities } = await reader.plan();
  await reader.readPlanned(planned, options);
  await reader.readNewFiles(identities, options);
  return reader.result();
}

/**
 * What `digest source add` checks before storing a source: the patterns match files,
 * golive may read them, and each one is in a format the source allows. Throws the first
 * problem, naming the file (and line).
 */
export async function inspectLogFiles(spec: FileSourceSpec): Promise<{ path: string; format: LogFormat }[]> {
  const { files: paths, unmatched } = await resolveLogFiles(spec.patterns);
  if (unmatched.length > 0) {
    throw new GoliveError("not_found", `No file matches ${unmatched[0]}.`, "Check the path: golive reads files on the machine it runs on (globs like /var/log/nginx/access.log* work).");
  }
  const { files, errors } = await openSnapshot(paths);
  try {
    if (errors.length > 0) throw errors[0];
    const found: { path: string; format: LogFormat }[] = [];
    for (const file of files) {
      if (file.size === 0) continue;
      const head = await headLines(file);
      const format = detectFormat(head, spec.formats, spec.options);
      if (!format) throw unknownFormat(file.path, head, spec.formats);
      found.push({ path: file.path, format });
    }
    return found;
  } finally {
    for (const file of files) await file.handle.close();
  }
}
