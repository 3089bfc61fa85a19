// Start-up: a one-shot command (`golive status`, as a user types it) against opening the
// embedded database alone (a bare script: PGlite.create on the same data folder, `select 1`,
// close), each a fresh Node process, run in turns so that load on the machine hits both alike.
import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";

const RUNS = 9;
const TARGET = 1.3;
const run = promisify(execFile);
const root = new URL("../", import.meta.url).pathname;
const bin = join(root, "bin/golive.js");

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

async function timed(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const start = performance.now();
  await run(file, args, { env });
  return performance.now() - start;
}

export async function benchStartup(): Promise<string> {
  // The compiled bundle is what `npx golive` runs after `npm install`.
  execFileSync(process.execPath, [join(root, "scripts/build.mjs")], { stdio: "ignore" });
  const dir = mkdtempSync(join(tmpdir(), "golive-startup-"));
  try {
    const env = { PATH: process.env.PATH, HOME: dir, GOLIVE_DATA_DIR: join(dir, "data"), GOLIVE_USER: "bench" };
    await run(process.execPath, [bin, "launch", "create", "bench", "--checklist", "django-osce", "--date", "2030-01-01"], { env });
    const pglite = pathToFileURL(createRequire(import.meta.url).resolve("@electric-sql/pglite")).href;
    const bare = join(dir, "bare.mjs");
    writeFileSync(bare, `import { PGlite } from ${JSON.stringify(pglite)};\nconst db = await PGlite.create(process.argv[2]);\nawait db.query("select 1");\nawait db.close();\n`);
    const golive: number[] = [];
    const alone: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      alone.push(await timed(process.execPath, [bare, join(dir, "data", "pgdata")], env));
      golive.push(await timed(process.execPath, [bin, "status"], env));
    }
    const ratio = median(golive) / median(alone);
    return `startup: \`golive status\` one-shot (157 items) median ${median(golive).toFixed(0)} ms vs opening PGlite alone ${median(alone).toFixed(0)} ms over ${RUNS} runs each: ratio ${ratio.toFixed(2)} (target ≤ ${TARGET})`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
