import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { runBackup } from "../../../src/domain/backup/backup-run.js";
import { settleBackground } from "../../../src/jobs/background.js";
import { backupJobs, backupWatchJob } from "../../../src/jobs/backup-jobs.js";
import { createScheduler } from "../../../src/jobs/scheduler.js";
import { runClaimed } from "../../../src/jobs/run-job.js";
import { launchesRepo } from "../../../src/storage/launches-repo.js";
import { engines, snapshot, useDatabase } from "../../helpers/db.js";
import { shellAs, testServices } from "../../helpers/harness.js";
import { asAdmin, createSourceDatabase, INVOICES, leftoverScratchDatabases, type SourceDatabase, USERS, urlOf } from "./support/source-db.js";
import { gnupgHome, killChild, oldPgDump, shell } from "./support/tools.js";

// Real pg_dump, gpg, zstd and pg_restore on a 100k-row database: slower than the usual test.
vi.setConfig({ testTimeout: 180_000 });

const PASSPHRASE = "correct horse battery staple";
const NOREAD_ROLE = `golive_noread_${process.pid}`;
let source: SourceDatabase;

beforeAll(async () => {
  source = await createSourceDatabase();
  await asAdmin(async (c) => {
    await c.query(`drop role if exists ${NOREAD_ROLE}`);
    await c.query(`create role ${NOREAD_ROLE} login`);
  });
});

afterAll(async () => {
  await source?.drop();
  await asAdmin((c) => c.query(`drop role if exists ${NOREAD_ROLE}`));
});

beforeEach(() => {
  process.env.BK_SOURCE_URL = source.url;
  process.env.BK_PASSPHRASE = PASSPHRASE;
  delete process.env.GOLIVE_PG_BIN_DIR;
});

describe.each(engines)("backups and drills on %s", (engine) => {
  const db = useDatabase(engine);

  async function setUp(now = "2026-11-22T02:00:00Z") {
    const { services, clock } = testServices(db(), now);
    const sh = shellAs(services, "rita");
    await sh.run("launch create bk --checklist django-osce --date 2026-12-01 --tz UTC");
    await sh.run("launch use bk");
    const dir = await mkdtemp(join(tmpdir(), "golive-backups-"));
    return { services, clock, sh, dir };
  }

  const configure = (sh: Awaited<ReturnType<typeof setUp>>["sh"], dir: string) =>
    sh.run(`backup set --source-env BK_SOURCE_URL --passphrase-env BK_PASSPHRASE --to ${dir} --rpo 24h --rto 4h`);

  const item = async (key: string) =>
    (await db().query<{ ref: string; state: string; done_kind: string | null }>("select ref, state, done_kind from items where key = $1", [key]))[0]!;

  const outbox = () => db().query<{ kind: string; update_key: string | null; conversation: string; summary: string }>(
    "select kind, update_key, conversation, payload->>'summary' as summary from outbox order by id",
  );

  it("refuses a policy a backup could not follow, naming the variable, and saves nothing", async () => {
    const { sh, dir } = await setUp(); 
    const before = await snapshot(db()); 
    const missing = await sh.run(`backup set --source-env NO_SUCH_URL --passphrase-env BK_PASSPHRASE --to ${dir}`);
    expect(missing.ok).toBe(false);
    expect(missing.text).toMatch(/NO_SUCH_URL is not set/);
    process.env.BK_UNREACHABLE = "postgres://postgres:hunter2@127.0.0.1:1/nowhere";
    const unreachable = await sh.run(`backup set --source-env BK_UNREACHABLE --passphrase-env BK_PASSPHRASE --to ${dir}`);
    expect(unreachable.text).toMatch(/cannot reach the database in BK_UNREACHABLE/);
    expect(unreachable.text).not.toContain("hunter2");
    process.env.BK_NOREAD = urlOf(source.name).replace("//postgres@", `//${NOREAD_ROLE}@`);
    const noRights = await sh.run(`backup set --source-env BK_NOREAD --passphrase-env BK_PASSPHRASE --to ${dir}`);
    expect(noRights.text).toMatch(new RegExp(`role ${NOREAD_ROLE} \\(from BK_NOREAD\\) cannot read .*schema billing.*table public.users`, "s"));
    expect(noRights.text).toMatch(/GRANT SELECT/);
    process.env.GOLIVE_PG_BIN_DIR = await oldPgDump("14.11");
    const old = await sh.run(`backup set --source-env BK_SOURCE_URL --passphrase-env BK_PASSPHRASE --to ${dir}`);
    expect(old.text).toMatch(/pg_dump 14.11 is older than the database server \(PostgreSQL 1\d/);
    delete process.env.GOLIVE_PG_BIN_DIR;
    const noPass = await sh.run(`backup set --source-env BK_SOURCE_URL --passphrase-env BK_NO_PASS --to ${dir}`);
    expect(noPass.text).toMatch(/BK_NO_PASS \(the backup passphrase\) is not set/);
    const value = await sh.run(`backup set --source-env ${source.url} --passphrase-env BK_PASSPHRASE --to ${dir}`);
    expect(value.text).toMatch(/--source-env …: must be the name of an environment variable/);
    expect(value.text).not.toContain(source.url);
    expect(await snapshot(db())).toEqual(before);
  });

  it("takes the backup in one pass: progress in place, a good artifact with its manifest that stock gpg opens, items verified", async () => {
    const { sh, dir } = await setUp(); 
    await sh.run("assign 7.1 @alice");
    const set = await configure(sh, dir);
    expect(set.ok, set.text).toBe(true);
    expect(set.text).toMatch(/Source database:\s+\$BK_SOURCE_URL/);
    expect(set.text).not.toContain(PASSPHRASE);
    const started = await sh.run("backup now");
    expect(started.text).toMatch(/Backup of bk started \(job run \d+\)/);
    await settleBackground();

    const files = (await readdir(dir)).sort();
    expect(files).toEqual(["bk-20261122T020000Z-1.dump.zst.gpg", "bk-20261122T020000Z-1.dump.zst.gpg.manifest.json"]);
    const artifact = join(dir, files[0]!);
    const manifest = JSON.parse(await readFile(join(dir, files[1]!), "utf8"));
    expect(manifest).toMatchObject({
      backup: 1,
      launch: "bk",
      compression: { algorithm: "zstd", level: 1 },
      cipher: { format: "OpenPGP", packets: "SKESK v4 + SEIPD v1", algorithm: "AES-256" },
      source: { database: source.name },
      tables: [
        { table: "billing.invoices", rows: INVOICES },
        { table: "public.empty_table", rows: 0 },
        { table: "public.users", rows: USERS },
      ],
    });
    expect(manifest.sha256).toBe(createHash("sha256").update(await readFile(artifact)).digest("hex"));
    expect(manifest.bytesOut).toBeGreaterThan(5 * 1024 * 1024);
    expect(JSON.stringify(manifest)).not.toContain(PASSPHRASE);

    // What a person restoring by hand runs (README "Backups"), with stock gpg.
    const restored = `${source.name}_by_hand`;
    await asAdmin((c) => c.query(`create database ${restored}`));
    try {
      await shell(
        `gpg --batch --pinentry-mode loopback --passphrase-fd 0 --decrypt "${artifact}" | zstd -d | pg_restore --no-owner --dbname="${urlOf(restored)}"`,
        `${PASSPHRASE}\n`,
        { GNUPGHOME: await gnupgHome() },
      );
      const counts = await shell(`psql -At "${urlOf(restored)}" -c "select (select count(*) from public.users), (select count(*) from billing.invoices), (select count(*) from public.big_spenders), last_value from public.ticket_seq"`);
      expect(counts.trim()).toBe(`${USERS}|${INVOICES}|${INVOICES}|42`);
    } finally {
      await asAdmin((c) => c.query(`drop database if exists ${restored} with (force)`));
    }

    const messages = await outbox();
    const progress = messages.filter((m) => m.update_key === "backup-1");
    expect(progress[0]).toMatchObject({ kind: "post", conversation: "local", summary: "Backup 1 of bk is running: starting" });
    expect(progress.at(-1)).toMatchObject({ kind: "update", summary: expect.stringMatching(/^Backup 1 of bk done: \d+ MB → \d+ MB encrypted in /) });

    expect(await item("backups-nightly")).toMatchObject({ state: "done", done_kind: "verified" });
    expect(await item("golive-backup-restore")).toMatchObject({ state: "open" });
    expect((await sh.run("status")).text).toMatch(/Last good backup: just now, \d+ MB, never drilled/);
    expect((await sh.run("backup list")).text).toMatch(/backup 1 {2}good .*sha256 [0-9a-f]{12} {2}never drilled/);
    const show = await sh.run("backup show 1");
    expect(show.text).toMatch(/public\.users: 100,000/);
    expect(show.text).toMatch(/Cipher:\s+OpenPGP SKESK v4 \+ SEIPD v1, AES-256/);
    expect((await sh.run("history 7.1")).text).toMatch(/verified 7\.1 \(an audit proved it\)/);
  });

  it("drills: counts equal, RTO and RPO recorded; a wrong passphrase or a flipped byte fails the drill, re-opens the item and tells its owner", async () => {
    const { sh, dir, clock } = await setUp();
    await sh.run("assign 13.5 @alice");
    await configure(sh, dir);
    await sh.run("backup now");
    await settleBackground();
    clock.advance(3 * 3600_000);
    const started = await sh.run("backup drill");
    expect(started.text).toMatch(/Restore drill of bk's backup 1 started/);
    await settleBackground();
    const passed = (await outbox()).filter((m) => m.update_key === "drill-1").at(-1)!;
    expect(passed.summary).toBe("Restore drill 1 of bk (backup 1) passed");
    const [drill] = await db().query<{ status: string; rto_ms: number; rpo_ms: number; tables: unknown }>("select status, rto_ms, rpo_ms, tables from backup_drills");
    expect(drill!.status).toBe("passed");
    // The RPO is the newest good backup's age when the drill started: 3 h after the backup began, less the time it took.
    expect(drill!.rpo_ms).toBeGreaterThan(3 * 3600_000 - 120_000);
    expect(drill!.rpo_ms).toBeLessThanOrEqual(3 * 3600_000);
    expect(drill!.rto_ms).toBeGreaterThan(0);
    expect(drill!.tables).toContainEqual({ table: "public.users", expected: USERS, restored: USERS });
    expect(await leftoverScratchDatabases("bk")).toEqual([]);
    const restoreItem = await item("golive-backup-restore");
    expect(restoreItem).toMatchObject({ state: "done", done_kind: "verified" });
    expect((await sh.run("status")).text).toMatch(/Last good backup: 3 h ago, \d+ MB, drill passed just now \(RTO \d+ s\)/);

    process.env.BK_PASSPHRASE = "not the passphrase";
    clock.advance(60_000);
    const sameMinute = await sh.run("backup drill 1");
    expect(sameMinute.ok, sameMinute.text).toBe(true);
    await settleBackground();
    const wrong = await db().query<{ status: string; error: string }>("select status, error from backup_drills where id = 2");
    expect(wrong[0]).toMatchObject({ status: "failed", error: expect.stringMatching(/could not decrypt .*gpg exited with code 2.*Bad session key/) });
    expect(await item("golive-backup-restore")).toMatchObject({ state: "open" });
    const dms = (await outbox()).filter((m) => m.kind === "dm");
    expect(dms.map((m) => [m.conversation, m.summary])).toEqual(
      expect.arrayContaining([
        ["alice", expect.stringMatching(/^Restore drill 2 failed on bk: could not decrypt/)],
        ["alice", expect.stringMatching(/^Regression on bk: 13\.5 Nightly backup script working and tested restore was verified/)],
      ]),
    );

    process.env.BK_PASSPHRASE = PASSPHRASE;
    const artifact = join(dir, (await readdir(dir)).find((f) => f.endsWith(".gpg"))!);
    const bytes = await readFile(artifact);
    const middle = bytes.length >> 1;
    bytes[middle] = bytes[middle]! ^ 0x01;
    await writeFile(artifact, bytes);
    clock.advance(60_000);
    await sh.run("backup drill 1");
    await settleBackground();
    const [flipped] = await db().query<{ status: string; error: string }>("select status, error from backup_drills where id = 3");
    expect(flipped).toMatchObject({ status: "failed", error: expect.stringMatching(/sha256 is [0-9a-f]{16}…, the manifest says [0-9a-f]{16}…: the file was changed or damaged/) });
    expect(await leftoverScratchDatabases("bk")).toEqual([]);
    expect((await sh.run("backup list")).text).toMatch(/drill FAILED just now/);
  });

  it("never leaves a good-looking artifact: a missing variable, an old pg_dump, pg_dump killed mid-way", async () => {
    const { sh, dir, services } = await setUp();
    await configure(sh, dir);
    delete process.env.BK_SOURCE_URL;
    await sh.run("backup now");
    await settleBackground();
    process.env.BK_SOURCE_URL = source.url;
    process.env.GOLIVE_PG_BIN_DIR = await oldPgDump("13.4");
    services.clock.now = () => new Date("2026-11-22T02:01:00Z");
    await sh.run("backup now");
    await settleBackground();
    delete process.env.GOLIVE_PG_BIN_DIR;

    const launch = (await launchesRepo.byName(db(), "bk"))!;
    let killed = false;
    let updates = 0;
    const killedRun = runBackup(db(), launch, {
      actor: { id: "rita", surface: "shell" },
      now: new Date("2026-11-22T02:02:00Z"),
      jobRunId: null,
      progressEveryMs: 0,
      observe: async () => {
        updates++;
        if (!killed) killed = await killChild("pg_dump");
      },
    });
    await expect(killedRun).rejects.toThrow(/backup 3 failed: pg_dump was killed \(SIGKILL\)/);
    expect(killed).toBe(true);
    expect(updates).toBeGreaterThan(0);

    const rows = await db().query<{ id: number; status: string; error: string }>("select id, status, error from backups order by id");
    expect(rows).toEqual([
      { id: 1, status: "failed", error: expect.stringMatching(/BK_SOURCE_URL is not set/) },
      { id: 2, status: "failed", error: expect.stringMatching(/pg_dump 13.4 is older than the database server/) },
      { id: 3, status: "failed", error: expect.stringMatching(/pg_dump was killed/) },
    ]);
    expect(await readdir(dir)).toEqual([]);
    const history = await sh.run("jobs history backup-nightly");
    expect(history.text).toMatch(/failed/);
    expect((await sh.run("status")).text).toMatch(/Last good backup: none yet/);
    expect((await outbox()).filter((m) => m.update_key === "backup-3").map((m) => m.kind)).toEqual(expect.arrayContaining(["post", "update"]));
  });

  it("runs nightly exactly once across replicas, and re-opens the backup items when a night is missed", async () => {
    const { sh, dir, services, clock } = await setUp("2026-11-22T01:59:00Z");
    await sh.run("assign 7.1 @alice");
    await configure(sh, dir);
    clock.set("2026-11-22T02:00:00Z");
    const deps = { db: db(), log: services.log, clock };
    const [a, b] = await Promise.all([
      createScheduler({ ...deps, replica: "a", jobs: backupJobs }).tick(clock.now()),
      createScheduler({ ...deps, replica: "b", jobs: backupJobs }).tick(clock.now()),
    ]);
    const ran = [...a, ...b].filter((r) => r.result.claimed && r.job === "backup-nightly");
    expect(ran.map((r) => [r.launch, r.result.claimed && r.result.outcome])).toEqual([[expect.any(String), "ok"]]);
    expect(await db().query("select id from backups where status = 'good'")).toHaveLength(1);
    expect(await item("backups-nightly")).toMatchObject({ done_kind: "verified" });

    clock.set("2026-11-23T03:00:00Z");
    const launch = (await launchesRepo.byName(db(), "bk"))!;
    const watch = await runClaimed({ ...deps, replica: "a" }, backupWatchJob, launch, clock.now(), "schedule", clock.now());
    expect(watch).toMatchObject({ claimed: true, outcome: "ok", summary: expect.stringMatching(/backup\.fresh fail/) });
    expect(await item("backups-nightly")).toMatchObject({ state: "open" });
    const dm = (await outbox()).find((m) => m.kind === "dm")!;
    expect(dm).toMatchObject({ conversation: "alice", summary: expect.stringMatching(/^Regression on bk: 7\.1 Automated Encrypted Nightly Backups was verified/) });
    const again = await runClaimed({ ...deps, replica: "a" }, backupWatchJob, launch, new Date("2026-11-23T04:00:00Z"), "schedule", new Date("2026-11-23T04:00:00Z"));
    expect(again).toMatchObject({ summary: "backup checks unchanged" });
  });
});
