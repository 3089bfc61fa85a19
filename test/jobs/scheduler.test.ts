import { describe, expect, it } from "vitest";
import { bindConversation } from "../../src/domain/launches/launches.js";
import { createScheduler } from "../../src/jobs/scheduler.js";
import { jobRunsRepo } from "../../src/storage/job-runs-repo.js";
import { launchesRepo } from "../../src/storage/launches-repo.js";
import { engines, snapshot, useDatabase } from "../helpers/db.js";
import { shellAs, testServices } from "../helpers/harness.js";
import { importTestChecklist } from "./fixtures.js";

describe.each(engines)("scheduler on %s", (engine) => {
  const getDb = useDatabase(engine);

  async function launchTomorrow(now: string) {
    const db = getDb();
    const { services, clock } = testServices(db, now);
    const shell = shellAs(services, "rita");
    await importTestChecklist(db, clock.now());
    await shell.run("launch create shop-web --checklist shop --date 2026-12-01 --tz UTC");
    const launch = (await launchesRepo.byName(db, "shop-web"))!;
    await bindConversation(db, launch, "C1", { id: "rita", surface: "slack" }, clock.now());
    return { db, services, clock, shell, launch };
  }

  const outboxCount = async (db: ReturnType<typeof getDb>) =>
    (await db.query<{ n: number }>("select count(*)::int as n from outbox"))[0]!.n;

  it("catches up today's missed morning post once on start, and a second replica does not repeat it", async () => {
    const { db, services, clock } = await launchTomorrow("2026-11-30T11:00:00Z");
    const first = createScheduler({ db, log: services.log, clock, replica: "a" });
    const ran = await first.tick(clock.now());
    expect(ran.map((r) => [r.job, r.slot.toISOString(), r.result.claimed && r.result.outcome])).toEqual([
      ["waiver-expiry", "2026-11-30T00:05:00.000Z", "skipped"],
      ["readiness-post", "2026-11-30T09:00:00.000Z", "ok"],
      ["overdue-dms", "2026-11-30T09:00:00.000Z", "ok"],
      ["audit-nightly", "2026-11-30T03:00:00.000Z", "skipped"],
    ]);
    const runs = await jobRunsRepo.history(db, "readiness-post", 1, 10);
    expect(runs.map((r) => [r.trigger, r.replica, r.outcome])).toEqual([["catch-up", "a", "ok"]]);
    const posts = await outboxCount(db);

    clock.set("2026-11-30T11:30:00Z");
    const second = createScheduler({ db, log: services.log, clock, replica: "b" });
    expect((await second.tick(clock.now())).every((r) => !r.result.claimed)).toBe(true);
    expect(await outboxCount(db)).toBe(posts);
  });

  it("does not catch up a job whose policy is skip", async () => {
    const { db, services, clock, shell } = await launchTomorrow("2026-12-01T08:00:00Z");
    expect((await shell.run("launch start")).ok).toBe(true);
    clock.set("2026-12-01T10:10:00Z");
    const ran = await createScheduler({ db, log: services.log, clock, replica: "a" }).tick(clock.now());
    expect(ran.map((r) => r.job)).not.toContain("launch-day-summary");
    clock.set("2026-12-01T10:30:00Z");
    const later = await createScheduler({ db, log: services.log, clock, replica: "a" }).tick(clock.now());
    expect(later.map((r) => [r.job, r.slot.toISOString()])).toContainEqual(["launch-day-summary", "2026-12-01T10:30:00.000Z"]);
  });

  it("marks a run whose replica died as failed at the next start and shows it in `jobs`", async () => {
    const { db, services, clock, shell } = await launchTomorrow("2026-11-30T09:00:00Z");
    const slot = new Date("2026-11-30T09:00:00Z");
    const id = await jobRunsRepo.claim(db, { job: "readiness-post", launchId: 1, slot, trigger: "schedule", replica: "crashed-1", at: slot, leaseMs: 60_000 });
    expect(id).not.toBeNull();

    clock.set("2026-11-30T09:00:30Z");
    const scheduler = createScheduler({ db, log: services.log, clock, replica: "b" });
    expect(await scheduler.failAbandoned(clock.now())).toEqual([]);
    clock.set("2026-11-30T09:02:00Z");
    const dead = await scheduler.failAbandoned(clock.now());
    expect(dead.map((r) => [r.id, r.outcome, r.error])).toEqual([[id, "failed", "replica crashed-1 stopped while running (last heartbeat 2026-11-30 09:00:00Z)"]]);
    // The slot stays claimed: the next tick does not post it a second time.
    expect((await scheduler.tick(clock.now())).find((r) => r.job === "readiness-post")?.result.claimed ?? false).toBe(false);

    const jobs = await shell.run("jobs");
    expect(jobs.text).toContain("readiness-post  \"0 9 * * *\" — pre-launch, from T-7d (phases.prelaunchDays)");
    expect(jobs.text).toContain("next: none scheduled · last: 2026-11-30 09:00 failed on crashed-1: replica crashed-1 stopped while running");
    expect(jobs.text).toContain("waiver-expiry  \"5 0 * * *\" — every day until the launch closes\n    next: 2026-12-01 00:05");
  });

  it("runs a job by hand once per minute, for release managers only", async () => {
    const { db, services, shell } = await launchTomorrow("2026-11-30T15:00:00Z");
    const first = await shell.run("jobs run readiness-post");
    expect(first.ok).toBe(true);
    expect(first.text).toMatch(/^readiness-post: ok — posted to 1 conversation\(s\): shop-web readiness \(T-1d\)/);
    const again = await shell.run("jobs run readiness-post");
    expect(again.ok).toBe(false);
    expect(again.text).toContain("readiness-post already ran for shop-web this minute.");
    const viewer = shellAs(services, "victor");
    const before = await snapshot(db);
    const refused = await viewer.run("jobs run readiness-post");
    expect(refused.text).toContain("`jobs run` needs the release-manager role on shop-web; you are a viewer.");
    expect(await snapshot(db)).toEqual(before);
    const history = await shell.run("jobs history readiness-post");
    expect(history.text).toMatch(/2026-11-30 15:00 {2}ok {6}manual/);
  });

  it("changes a schedule per launch and refuses an invalid one with a clear error", async () => {
    const { db, clock, shell } = await launchTomorrow("2026-11-30T06:00:00Z");
    const bad = await shell.run('jobs --schedule "readiness-post=0 25 * * *"');
    expect(bad.ok).toBe(false);
    expect(bad.text).toContain('"0 25 * * *" is not a cron expression');
    const unknown = await shell.run('jobs --schedule "morning=0 8 * * *"');
    expect(unknown.text).toContain('There is no job "morning".');

    const ok = await shell.run('jobs --schedule "readiness-post=30 7 * * *"');
    expect(ok.text).toContain('readiness-post now runs at "30 7 * * *" (UTC).');
    expect(ok.text).toContain('readiness-post  "30 7 * * *" (custom)');
    expect(ok.text).toContain("next: 2026-11-30 07:30");
    const ran = await createScheduler({ db, log: testServices(db).services.log, clock, replica: "a" }).tick(new Date("2026-11-30T07:30:00Z"));
    expect(ran.find((r) => r.job === "readiness-post")?.slot.toISOString()).toBe("2026-11-30T07:30:00.000Z");
    expect((await shell.run("jobs --schedule readiness-post=default")).text).toContain("back on its default schedule (0 9 * * *)");
  });
});
