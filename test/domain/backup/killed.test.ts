// A golive process killed in the middle of a backup leaves a failed run and no artifact
// that looks good. Two processes share one database: PostgreSQL only.
import { spawn } from "node:child_process";
import { mkdtemp, readdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createScheduler } from "../../../src/jobs/scheduler.js";
import { engines, useDatabase } from "../../helpers/db.js";
import { shellAs, testServices } from "../../helpers/harness.js";
import { createSourceDatabase, type SourceDatabase } from "./support/source-db.js";

vi.setConfig({ testTimeout: 180_000 });

let source: SourceDatabase;
beforeAll(async () => {
  source = await createSourceDatabase(20_000);
});
afterAll(async () => {
  await source?.drop();
});

describe.skipIf(!engines.includes("postgres"))("golive killed mid-backup", () => {
  const db = useDatabase("postgres");

  it("leaves a failed run (once the lease runs out), no artifact and no partial file, and tells the owner", async () => {
    process.env.KILLED_SOURCE_URL = source.url;
    process.env.KILLED_PASSPHRASE = "pass";
    const { services, clock } = testServices(db(), "2026-11-22T01:00:00Z");
    const sh = shellAs(services, "rita");
    await sh.run("launch create killed --checklist django-osce --date 2026-12-01 --tz UTC");
    await sh.run("launch use killed");
    await sh.run("assign 7.1 @alice");
    const dir = await mkdtemp(join(tmpdir(), "golive-killed-"));
    const set = await sh.run(`backup set --source-env KILLED_SOURCE_URL --passphrase-env KILLED_PASSPHRASE --to ${dir}`);
    expect(set.ok, set.text).toBe(true);
    const [{ schema }] = (await db().query<{ schema: string }>("select current_schema() as schema")) as [{ schema: string }];

    const child = spawn(process.execPath, ["--import", "tsx", new URL("./support/backup-process.ts", import.meta.url).pathname, schema], { env: process.env, stdio: ["ignore", "pipe", "inherit"] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on("data", (d: Buffer) => d.toString().includes("RUNNING") && resolve());
      child.on("exit", (code) => reject(new Error(`the golive process exited early (${code})`)));
    });
    expect((await readdir(dir)).filter((f) => f.endsWith(".partial"))).toHaveLength(1);
    child.kill("SIGKILL");
    await new Promise((resolve) => child.on("exit", resolve));

    const [running] = await db().query<{ status: string }>("select status from backups");
    expect(running!.status).toBe("running");
    clock.set("2026-11-22T02:10:00Z");
    const scheduler = createScheduler({ db: db(), log: services.log, clock, replica: "survivor", jobs: [] });
    expect((await scheduler.failAbandoned(clock.now())).map((r) => [r.job, r.replica])).toEqual([["backup-nightly", "doomed"]]);
    const list = await sh.run("backup list");
    expect(list.text).toMatch(/backup 1 {2}failed .*golive stopped while this ran/);
    expect(await readdir(dir)).toEqual([]);
    const dm = await db().query<{ conversation: string; summary: string }>("select conversation, payload->>'summary' as summary from outbox where kind = 'dm'");
    expect(dm).toEqual([{ conversation: "alice", summary: expect.stringMatching(/^Backup 1 failed on killed: golive stopped/) }]);
  });
});
