// Runs one golive backup or drill in its own process (so its peak RSS is golive's alone),
// golive's storage on PostgreSQL (a throw-away schema). Prints one JSON line.
//   node --import tsx bench/support/backup-child.ts setup|backup|drill <schema> <dir>
// (bench/backup.ts runs it bundled, as dist/ is, so the RSS is not tsx's)
import { performance } from "node:perf_hooks";
import { commands } from "../../commands/index.js";
import { createShellSession } from "../../src/adapters/shell/shell.js";
import { runBackup } from "../../src/domain/backup/backup-run.js";
import { runDrill } from "../../src/domain/backup/drill-run.js";
import { fixedClock } from "../../src/clock.js";
import { createLogger } from "../../src/log.js";
import { migrate } from "../../src/storage/migrate.js";
import { launchesRepo } from "../../src/storage/launches-repo.js";
import { openPostgres } from "../../src/storage/pg-engine.js";

const [mode, schema, dir] = process.argv.slice(2);
const db = await openPostgres({ connectionString: process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test", schema, max: 2 });
await migrate(db);
const clock = fixedClock("2026-11-22T02:00:00Z");
const shell = createShellSession(commands, { db, clock, log: createLogger({ level: "silent" }) }, "bench");
if (mode === "setup") {
  // The launch and its policy are made in a process of their own, so the backup's and the
  // drill's processes start as the nightly job's does: storage opened, the launch there.
  await shell.run("launch create bench --checklist django-osce --date 2026-12-01 --tz UTC");
  const set = await shell.run(`backup set --source-env BENCH_SOURCE_URL --passphrase-env BENCH_PASSPHRASE --to ${dir}`);
  if (!set.ok) throw new Error(JSON.stringify(set.blocks));
  await db.close();
  process.stdout.write("{}\n");
  process.exit(0);
}
const launch = (await launchesRepo.byName(db, "bench"))!;
const actor = { id: "bench", surface: "shell" as const };
const baselineRssBytes = process.memoryUsage().rss;
const started = performance.now();
if (mode === "backup") await runBackup(db, launch, { actor, now: clock.now(), jobRunId: null });
else await runDrill(db, launch, { actor, now: new Date("2026-11-22T03:00:00Z"), jobRunId: null });
const ms = performance.now() - started;
await db.close();
process.stdout.write(`${JSON.stringify({ ms, baselineRssBytes, maxRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`);
