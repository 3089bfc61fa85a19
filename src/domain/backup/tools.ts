// The external programs of the backup pipeline (pg_dump, pg_restore, zstd, gpg), run as
// children with a minimal environment: a child gets PATH and what it needs, never
// golive's own environment (which holds the passphrase's variable).
import { type ChildProcess, execFile, spawn } from "node:child_process";
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
  return { child, done };
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

let zstdPresent: Promise<boolean> | undefined;

/** Whether the machine has the zstd program (it is the compressor when present). */
export function hasZstd(): Promise<boolean> {
  zstdPresent ??= run("zstd", ["--version"], { env: childEnv() }).then(
    () => true,
    () => false,
  );
  return zstdPresent;
}
