// Core speed: parsing a checklist, and commands through the shell on a 157-item launch (PGlite).
import { readFileSync } from "node:fs";
import { Bench } from "tinybench";
import { commands } from "../commands/index.js";
import { createShellSession } from "../src/adapters/shell/shell.js";
import { fixedClock } from "../src/clock.js";
import { parseChecklist } from "../src/domain/checklist/parse.js";
import { createLogger } from "../src/log.js";
import { migrate } from "../src/storage/migrate.js";
import { openPglite } from "../src/storage/pglite-engine.js";

export async function benchCore(): Promise<string> {
  const source = readFileSync(new URL("../checklists/django-osce.md", import.meta.url), "utf8");
  const db = await openPglite();
  await migrate(db);
  const shell = createShellSession(commands, { db, clock: fixedClock("2026-11-22T09:00:00Z"), log: createLogger({ level: "silent" }) }, "bench");
  await shell.run("launch create bench --checklist django-osce --date 2026-12-01");
  let n = 0;
  const bench = new Bench({ time: 1_000 });
  bench
    .add("parse django-osce (157 items)", () => {
      parseChecklist(source);
    })
    .add("status (157 items)", async () => {
      await shell.run("status");
    })
    .add("check + uncheck", async () => {
      const ref = ["1.1.1", "1.1.2", "1.1.3"][n++ % 3];
      await shell.run(`check ${ref}`);
      await shell.run(`uncheck ${ref}`);
    });
  await bench.run();
  await db.close();
  return bench.tasks
    .map((t) => {
      const r = t.result as { throughput?: { mean: number }; hz?: number } | undefined;
      const hz = r?.throughput?.mean ?? r?.hz ?? 0;
      return `core: ${t.name}: ${hz.toFixed(1)} ops/s`;
    })
    .join("\n");
}
