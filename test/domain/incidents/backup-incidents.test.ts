// A failed backup or restore drill raises an incident when someone is on call: one open
// incident per kind, later failures counted on it, a later success said on its timeline
// (people resolve). Real pg_dump, zstd, gpg and pg_restore on a small source database.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { backupNightlyJob, restoreDrillJob } from "../../../src/jobs/backup-jobs.js";
import { runClaimed } from "../../../src/jobs/run-job.js";
import { launchesRepo } from "../../../src/storage/launches-repo.js";
import { engines, useDatabase } from "../../helpers/db.js";
import { testServices } from "../../helpers/harness.js";
import { ALICE, dms, RITA, slackLaunch, slackUser } from "../../commands/incidents-helpers.js";
import { createSourceDatabase, type SourceDatabase } from "../backup/support/source-db.js";

vi.setConfig({ testTimeout: 60_000 });

let source: SourceDatabase;
beforeAll(async () => {
  source = await createSourceDatabase(1_000);
});
afterAll(async () => {
  await source?.drop();
});
beforeEach(() => {
  process.env.HK_SOURCE_URL = source.url;
  process.env.HK_PASSPHRASE = "correct horse battery staple";
});

describe.each(engines)("incidents from backups and drills on %s", (engine) => {
  const db = useDatabase(engine);

  async function setUp(onCall: boolean) {
    const { services, clock } = testServices(db(), "2026-11-22T02:00:00Z");
    const launch = await slackLaunch(db(), clock.now());
    const rita = slackUser(services, RITA);
    if (onCall) expect((await rita(`oncall set primary <@${ALICE}> --every 1w`)).ok).toBe(true);
    const dir = await mkdtemp(join(tmpdir(), "golive-backup-incidents-"));
    const set = await rita(`backup set --source-env HK_SOURCE_URL --passphrase-env HK_PASSPHRASE --to ${dir} --rpo 24h`);
    expect(set.ok, set.text).toBe(true);
    const run = async (job: typeof backupNightlyJob, iso: string) => {
      clock.set(iso);
      const fresh = (await launchesRepo.byId(db(), launch.id))!;
      return runClaimed({ db: db(), log: services.log, clock, replica: "r1" }, job, fresh, clock.now(), "schedule", clock.now());
    };
    return { services, clock, rita, run };
  }

  const incidents = () =>
    db().query<{ id: number; source: string; dedup_key: string; severity: number; status: string; alert_count: number; summary: string }>(
      "select id, source, dedup_key, severity, status, alert_count, summary from incidents order by id",
    );

  it("raises one incident for failed nights, counts the next failure on it, and notes the success without closing it", async () => {
    const { rita, run } = await setUp(true);
    delete process.env.HK_SOURCE_URL;
    expect(await run(backupNightlyJob, "2026-11-22T02:00:00Z")).toMatchObject({ claimed: true, outcome: "failed" });
    expect(await incidents()).toEqual([
      { id: 1, source: "backup", dedup_key: "backup", severity: 2, status: "triggered", alert_count: 1, summary: expect.stringMatching(/^Backup 1 failed: .*HK_SOURCE_URL is not set/) },
    ]);
    expect(await dms(db())).toEqual([`${ALICE} 02:00:00`]);

    expect(await run(backupNightlyJob, "2026-11-23T02:00:00Z")).toMatchObject({ outcome: "failed" });
    expect((await incidents()).map((i) => [i.id, i.alert_count, i.status])).toEqual([[1, 2, "triggered"]]);
    expect(await dms(db())).toEqual([`${ALICE} 02:00:00`]);

    process.env.HK_SOURCE_URL = source.url;
    expect(await run(backupNightlyJob, "2026-11-24T02:00:00Z")).toMatchObject({ outcome: "ok" });
    expect(await run(backupNightlyJob, "2026-11-25T02:00:00Z")).toMatchObject({ outcome: "ok" });
    expect((await incidents()).map((i) => [i.id, i.alert_count, i.status])).toEqual([[1, 2, "triggered"]]);
    const shown = (await rita("incident show 1")).text;
    expect(shown).toMatch(/1 more alert\(s\) \(2 in all\): Backup 2 failed: .*HK_SOURCE_URL is not set/);
    expect(shown).toMatch(/2026-11-24 02:00:\d\d {2}cleared: Backup 3 succeeded \(open until someone resolves it\)/);
    expect(shown.match(/cleared:/g)).toHaveLength(1);

    // A drill that cannot decrypt is its own incident, less severe.
    process.env.HK_PASSPHRASE = "the wrong passphrase";
    expect(await run(restoreDrillJob, "2026-11-25T04:00:00Z")).toMatchObject({ outcome: "failed" });
    expect((await incidents()).map((i) => [i.id, i.dedup_key, i.severity, i.summary])).toEqual([
      [1, "backup", 2, expect.stringMatching(/^Backup 1 failed: /)],
      [2, "drill", 3, expect.stringMatching(/^Restore drill 1 failed: could not decrypt/)],
    ]);
    // Resolved by a person, the next failure opens a new one.
    expect((await rita("incident resolve 1 source URL fixed")).ok).toBe(true);
    delete process.env.HK_SOURCE_URL;
    await run(backupNightlyJob, "2026-11-26T02:00:00Z");
    expect((await incidents()).map((i) => [i.id, i.dedup_key, i.status])).toEqual([
      [1, "backup", "resolved"],
      [2, "drill", "triggered"],
      [3, "backup", "triggered"],
    ]);
  });

  it("raises nothing when nobody is on call: the failure is still recorded and posted", async () => {
    const { run } = await setUp(false);
    delete process.env.HK_SOURCE_URL;
    expect(await run(backupNightlyJob, "2026-11-22T02:00:00Z")).toMatchObject({ outcome: "failed" });
    expect(await incidents()).toEqual([]);
    expect(await db().query("select status from backups")).toEqual([{ status: "failed" }]);
    expect(await db().query("select kind from events where kind = 'backup.failed'")).toHaveLength(1);
  });

  it("records the failure even when its incident cannot be raised, and says why", async () => {
    const { run } = await setUp(true);
    // A stored policy that no longer parses (written by an older golive, say).
    await db().query(
      "insert into escalation_policies (launch_id, name, source, phases, remind_minutes, updated_by, updated_at) select id, 'old', 'notify oncall:primary; wiat 5m', '[\"pre-launch\"]', 15, 'rita', now() from launches",
    );
    delete process.env.HK_SOURCE_URL;
    expect(await run(backupNightlyJob, "2026-11-22T02:00:00Z")).toMatchObject({ outcome: "failed", summary: expect.stringMatching(/backup 1 failed: .*HK_SOURCE_URL is not set/) });
    expect(await incidents()).toEqual([]);
    expect(await db().query("select status from backups")).toEqual([{ status: "failed" }]);
    const [event] = await db().query<{ note: string }>("select note from events where kind = 'incident.raise_failed'");
    expect(event!.note).toMatch(/^No incident was raised for Backup 1 failed: .*HK_SOURCE_URL is not set.*: Policy old, step 2 \("wiat 5m"\): unknown step "wiat"/);
  });
});
