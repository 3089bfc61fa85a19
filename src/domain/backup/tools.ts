// The external programs of the backup pipeline (pg_dump, pg_restore, zstd, gpg), run as
// children with a minimal environment: a child gets PATH and what it needs, never
// golive's own environment (which holds the passphrase's variable).
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Writable } from "node:stream";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Where the PostgreSQL client programs are: GOLIVE_PG_BIN_DIR, else the PATH. */
export function pgBin(name: "pg_dump" | "pg_restore"): string {
  const dir = process.env.GOLIVE_PG_BIN_DIR;
  return dir ? join(dir, name) : name;
}

export function childEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? "/usr/bin:/bin", LANG: "C.UTF-8", ...extra };
}

export interface Tool {
  child: ChildProcess;
  /** Resolves when the program exited 0; rejects with what it said otherwise. */
  done: Promise<void>;
  /** The last things it wrote to stderr. */
  stderr(): string;
}

const STDERR_KEEP = 2000;

/**
 * Starts a program; `extraFds` are extra input pipes (fd 3, …) for secrets. With `stdout`
 * (another program's stdin), its output goes straight into that program through the OS
 * pipe, never through golive.
 */
export function startTool(command: string, args: string[], env: Record<string, string>, extraFds = 0, stdout?: Writable): Tool {
  const stdio: ("pipe" | "ignore" | Writable)[] = ["pipe", stdout ?? "pipe", "pipe", ...Array.from({ length: extraFds }, () => "pipe" as const)];
  const child = spawn(command, args, { env, stdio });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString("utf8")).slice(-STDERR_KEEP);
  });
  const name = command.split("/").at(-1);
  const done = new Promise<void>((resolve, reject) => {
    child.once("error", (error) => reject(new Error(`${name} could not start: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "not installed" : error.message}`)));
    child.once("close", (code, signal) => {
      if (code === 0) return resolve();
      const said = stderr.trim().split("\n").filter(Boolean).slice(-3).join(" / ");
      reject(new Error(`${name} ${signal ? `was killed (${signal})` : `exited with code ${code}`}${said ? `: ${said}` : ""}`));
    });
  });
  // Errors writing to a child that died are reported through `done`.
  child.stdin?.on("error", () => {});
  return { child, done, stderr: () => stderr };
}

/** `pg_dump (PostgreSQL) 15.20 (Debian …)` → { text: "15.20", major: 15 }. */
export function parseVersion(output: string): { text: string; major: number } | null {
  const m = /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?/.exec(output) ?? /\b(\d+)(?:\.(\d+))?/.exec(output);
  if (!m) return null;
  return { text: m[2] === undefined ? m[1]! : `${m[1]}.${m[2]}`, major: Number(m[1]) };
}

export async function toolVersion(command: string): Promise<{ text: string; major: number }> {
  let stdout: string;
  try {
    ({ stdout } = await run(command, ["--version"], { env: childEnv() }));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`${command} ${code === "ENOENT" ? "is not installed (or not on the PATH)" : `does not run: ${(error as Error).message}`}`);
  }
  const version = parseVersion(stdout);
  if (!version) throw new Error(`${command} --version said "${stdout.trim()}", which golive cannot read`);
  return version;
}

/**
 * The byte counts in zstd's closing summary with `-vv`: `(719104512 B => 7193321 B, /*stdout*\)`
 * (1.5; `-vv` writes sizes unscaled) or `(719104512 => 7193321 bytes, …)` (1.4). The last one
 * wins; null when there is none.
 */
export function parseZstdSummary(stderr: string): { bytesIn: number; bytesOut: number } | null {
  const all = [...stderr.matchAll(/\(\s*(\d+)(?: B)? =>\s*(\d+) ?(?:B|bytes),/g)];
  const last = all.at(-1);
  return last ? { bytesIn: Number(last[1]), bytesOut: Number(last[2]) } : null;
}

let zstdCounting: Promise<boolean> | undefined;

/**
 * Whether this machine's zstd reports exact byte counts with `-vv` (checked once on a known
 * input): then pg_dump can write straight into zstd and zstd tells the dump's size.
 */
export function zstdCountsBytes(): Promise<boolean> {
  zstdCounting ??= new Promise<boolean>((resolve) => {
    const tool = startTool("zstd", ["-1", "-vv", "--no-progress", "-c"], childEnv());
    tool.child.stdout!.resume();
    tool.child.stdin!.end(Buffer.alloc(12_345, 97));
    tool.done.then(
      () => {
        const summary = parseZstdSummary(tool.stderr());
        resolve(summary?.bytesIn === 12_345);
      },
      () => resolve(false),
    );
  });
  return zstdCounting;
}

/**
 * What a running program has read so far (Linux: `rchar` of /proc/<pid>/io, which also counts
 * a few KB of its start-up reads); null where that cannot be read (it exited, or no /proc).
 */
export async function bytesReadBy(pid: number | undefined): Promise<number | null> {
  if (pid === undefined) return null;
  try {
    const m = /^rchar:\s*(\d+)$/m.exec(await readFile(`/proc/${pid}/io`, "utf8"));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

let zstdPresent: Promise<boolean> | undefined;

/** Whether the machine has the zstd program (it is the compressor when present). */
export function hasZstd(): Promise<boolean> {
  zstdPresent ??= run("zstd", ["--version"], { env: childEnv() }).then(
    () => true,
    () => false,
  );
  return zstdPresent;
}
