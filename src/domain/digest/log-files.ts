// Finding and opening log files: glob patterns, their rotated siblings (`access.log.1`,
// `access.log.2.gz`, `access.log-20261124.zst`), and a snapshot of open file handles so
// a rename during the read (logrotate) changes nothing we read.
import { type FileHandle, open, readdir, stat } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import { glob, isDynamicPattern } from "tinyglobby";
import { GoliveError } from "../../errors.js";

export type Compression = "none" | "gzip" | "zstd";

export interface LogFile {
  path: string;
  handle: FileHandle;
  /** `dev:ino`: the file itself, whatever it is called now. */
  identity: string;
  size: number;
  mtimeMs: number;
  compression: Compression;
}

const ROTATED_SUFFIX = /^(?:\.\d{1,3}|-\d{8}(?:\d{2})?)?(?:\.gz|\.zst)?$/;

export const compressionOf = (path: string): Compression => (path.endsWith(".gz") ? "gzip" : path.endsWith(".zst") ? "zstd" : "none");

const isRotatedName = (name: string) => /(?:\.\d{1,3}|-\d{8}(?:\d{2})?)(?:\.gz|\.zst)?$|\.(?:gz|zst)$/.test(name);

/** The rotated siblings of a live log file (`access.log` → `access.log.1`, `access.log.2.gz`…). */
async function rotatedSiblings(path: string): Promise<string[]> {
  const dir = dirname(path);
  const base = basename(path);
  const names = await readdir(dir).catch(() => [] as string[]);
  return names.filter((name) => name.startsWith(base) && ROTATED_SUFFIX.test(name.slice(base.length))).map((name) => join(dir, name));
}

/** Every file the patterns name, with rotated siblings; the patterns that matched nothing. */
export async function resolveLogFiles(patterns: readonly string[]): Promise<{ files: string[]; unmatched: string[] }> {
  const found = new Set<string>();
  const unmatched: string[] = [];
  for (const pattern of patterns) {
    const absolute = resolve(pattern);
    const matches = isDynamicPattern(absolute) ? await glob(absolute, { absolute: true, onlyFiles: true, followSymbolicLinks: true }) : (await stat(absolute).then((s) => (s.isFile() ? [absolute] : []), () => []));
    if (matches.length === 0) unmatched.push(pattern);
    for (const match of matches) {
      found.add(match);
      if (!isRotatedName(basename(match))) for (const sibling of await rotatedSiblings(match)) found.add(sibling);
    }
  }
  return { files: [...found].sort(), unmatched };
}

/** Says what went wrong with a file in words (missing, permission) and how to fix it. */
export function fileError(path: string, error: unknown): GoliveError {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === "EACCES" || code === "EPERM") {
    return new GoliveError("invalid", `Cannot read ${path}: permission denied.`, "Run golive as a user that may read the logs (e.g. in the adm group), or change the file's permissions.");
  }
  if (code === "ENOENT") return new GoliveError("not_found", `${path} does not exist.`, "Check the path: golive reads files on the machine it runs on.");
  if (code === "EISDIR") return new GoliveError("invalid", `${path} is a directory.`, "Give a file or a glob pattern such as /var/log/nginx/*.log.");
  return new GoliveError("invalid", `Cannot read ${path}: ${(error as Error)?.message ?? String(error)}.`);
}

/**
 * Opens every file once. A file is read through its handle, so a rename under us is
 * harmless; the same file under two names is opened once; `x.gz` next to `x` is a
 * compression in progress and is left out (its lines are in `x`).
 */
export async function openSnapshot(paths: readonly string[], known: ReadonlySet<string> = new Set()): Promise<{ files: LogFile[]; errors: GoliveError[] }> {
  const files: LogFile[] = [];
  const errors: GoliveError[] = [];
  const seen = new Set(known);
  const all = new Set(paths);
  for (const path of paths) {
    const compression = compressionOf(path);
    if (compression !== "none" && all.has(path.replace(/\.(gz|zst)$/, ""))) continue;
    let handle: FileHandle;
    try {
      handle = await open(path, "r");
    } catch (error) {
      // Rotated away between the listing and the open: its new name is in the listing too.
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") errors.push(fileError(path, error));
      continue;
    }
    const info = await handle.stat();
    const identity = `${info.dev}:${info.ino}`;
    if (seen.has(identity) || !info.isFile()) {
      await handle.close();
      continue;
    }
    seen.add(identity);
    files.push({ path, handle, identity, size: info.size, mtimeMs: info.mtimeMs, compression });
  }
  return { files, errors };
}
