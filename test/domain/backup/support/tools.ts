// Real programs the backup tests use to look at artifacts the way a person would.
import { execFile, spawn } from "node:child_process";
import { chmod, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Runs a shell pipeline with `input` on stdin; resolves with stdout, rejects with stderr. */
export function shell(script: string, input = "", env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("bash", ["--norc", "--noprofile", "-o", "pipefail", "-c", script], { env: { PATH: process.env.PATH!, ...env } });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d;
    });
    child.stderr.on("data", (d: Buffer) => {
      err += d;
    });
    child.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}: ${err}`))));
    child.stdin.end(input);
  });
}

/** A scratch GnuPG home, as a person restoring on a clean machine would have. */
export async function gnupgHome(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "golive-gnupg-"));
  await chmod(dir, 0o700);
  return dir;
}

/** A folder with a `pg_dump` that says it is version `version` (and does nothing else). */
export async function oldPgDump(version: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "golive-pgbin-"));
  await writeFile(join(dir, "pg_dump"), `#!/bin/sh\necho "pg_dump (PostgreSQL) ${version}"\n`, { mode: 0o755 });
  return dir;
}

/** Kills this process's child called `name` (e.g. pg_dump) with SIGKILL; true if there was one. */
export async function killChild(name: string): Promise<boolean> {
  try {
    const { stdout } = await run("pgrep", ["-P", String(process.pid), "-x", name]);
    for (const pid of stdout.split("\n").filter(Boolean)) process.kill(Number(pid), "SIGKILL");
    return stdout.trim() !== "";
  } catch {
    return false;
  }
}
