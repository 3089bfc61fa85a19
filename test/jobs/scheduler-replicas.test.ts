import { describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock.js";
import { createLaunch } from "../../src/domain/launches/launches.js";
import type { Job } from "../../src/jobs/job.js";
import { createScheduler } from "../../src/jobs/scheduler.js";
import { createLogger } from "../../src/log.js";
import { jobRunsRepo } from "../../src/storage/job-runs-repo.js";
import { usePostgresReplicas } from "../helpers/replicas.js";
import { importTestChecklist } from "./fixtures.js";

const FIVE_MINUTES = 5 * 60_000;

describe.skipIf(!process.env.TEST_DATABASE_URL)("three replicas on one PostgreSQL", () => {
  const pools = usePostgresReplicas(3, "golive_replicas");

  it("claim each slot of a simulated day exactly once, and report a crashed run once", async () => {
    const start = new Date("2026-11-30T00:00:00Z");
    await importTestChecklist(pools[0]!, start);
    await createLaunch(pools[0]!, { name: "shop-web", checklistId: "shop", launchDate: "2026-12-01", timezone: "UTC", url: null }, { id: "rita", surface: "shell" }, start);

    const runs: { slot: number; replica: string }[] = [];
    const every5: (replica: string) => Job = (replica) => ({
      name: "every-5",
      summary: "test job",
      defaultSchedule: "*/5 * * * *",
      catchUp: "skip",
      when: "always",
      appliesOn: () => true,
      async run({ slot }) {
        runs.push({ slot: slot.getTime(), replica });
        return { summary: `ran by ${replica}` };
      },
    });
    // A replica claimed 10:00 and died before finishing: no heartbeat after its lease.
    const crashedSlot = new Date("2026-11-30T10:00:00Z");
    await jobRunsRepo.claim(pools[0]!, { job: "every-5", launchId: 1, slot: crashedSlot, trigger: "schedule", replica: "crashed", at: crashedSlot, leaseMs: 60_000 });

    const clock = fixedClock(start);
    const log = createLogger({ level: "silent" });
    const replicas = pools.map((db, i) => createScheduler({ db, log, clock, replica: `r${i}`, jobs: [every5(`r${i}`)] }));
    const reported: number[] = [];
    for (let t = start.getTime(); t < start.getTime() + 24 * 3_600_000; t += FIVE_MINUTES) {
      const now = new Date(t);
      clock.set(now);
      await Promise.all(replicas.map(async (s) => reported.push(...(await s.failAbandoned(now)).map((r) => r.id))));
      await Promise.all(replicas.map((s) => s.tick(now)));
    }

    const slots = runs.map((r) => r.slot);
    expect(new Set(slots).size).toBe(slots.length);
    expect(slots).toHaveLength(288 - 1);
    expect(slots).not.toContain(crashedSlot.getTime());
    expect(reported).toHaveLength(1);
    const rows = await pools[0]!.query<{ outcome: string; n: number }>("select outcome, count(*)::int as n from job_runs group by outcome order by outcome");
    expect(rows).toEqual([
      { outcome: "failed", n: 1 },
      { outcome: "ok", n: 287 },
    ]);
  }, 120_000);
});
