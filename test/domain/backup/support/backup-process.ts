// A golive process that starts a scheduled backup and stalls in its middle (so the test can
// kill it there): prints "RUNNING" at the first progress step.
//   node --import tsx backup-process.ts <schema>
import { fixedClock } from "../../../../src/clock.js";
import { backupNightlyJob } from "../../../../src/jobs/backup-jobs.js";
import { runClaimed } from "../../../../src/jobs/run-job.js";
import { createLogger } from "../../../../src/log.js";
import { launchesRepo } from "../../../../src/storage/launches-repo.js";
import { openPostgres } from "../../../../src/storage/pg-engine.js";
import { runBackup } from "../../../../src/domain/backup/backup-run.js";

const [schema] = process.argv.slice(2);
const db = await openPostgres({ connectionString: process.env.TEST_DATABASE_URL!, schema, max: 2 });
const launch = (await launchesRepo.byName(db, "killed"))!;
const clock = fixedClock("2026-11-22T02:00:00Z");
const job = {
  ...backupNightlyJob,
  run: async (ctx: Parameters<typeof backupNightlyJob.run>[0]) => {
    await runBackup(ctx.db, ctx.launch, {
      actor: { id: "golive", surface: "job" },
      now: ctx.now,
      jobRunId: ctx.runId,
      progressEveryMs: 0,
      observe: () => {
        process.stdout.write("RUNNING\n");
        return new Promise<void>(() => {});
      },
    });
    return { summary: "unreachable" };
  },
};
await runClaimed({ db, log: createLogger({ level: "silent" }), clock, replica: "doomed" }, job, launch, clock.now(), "schedule", clock.now());
