// A seven-day hypercare on a fake clock, three replicas on one PostgreSQL: exactly seven
// daily digests, each posted once right after the hypercare post, NEW then recurring.
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock.js";
import { bindConversation, createLaunch } from "../../src/domain/launches/launches.js";
import { createScheduler } from "../../src/jobs/scheduler.js";
import { createLogger } from "../../src/log.js";
import type { Database } from "../../src/storage/database.js";
import { digestRepo } from "../../src/storage/digest-repo.js";
import { migrate } from "../../src/storage/migrate.js";
import { openPostgres } from "../../src/storage/pg-engine.js";
import { accessLine, gunicornError, writeLog } from "../domain/digest/log-fixtures.js";
import { importTestChecklist } from "./fixtures.js";

const HOUR = 3_600_000;

describe.skipIf(!process.env.TEST_DATABASE_URL)("hypercare digests with three replicas on one PostgreSQL", () => {
  const schema = `golive_digest_${randomBytes(6).toString("hex")}`;
  const pools: Database[] = [];
  const dir = mkdtempSync(join(tmpdir(), "golive-digest-schedule-"));

  beforeAll(async () => {
    for (let i = 0; i < 3; i++) pools.push(await openPostgres({ connectionString: process.env.TEST_DATABASE_URL!, schema, max: 4 }));
    await migrate(pools[0]!);
  });
  afterAll(async () => {
    await pools[0]?.exec(`drop schema if exists ${schema} cascade`);
    await Promise.all(pools.map((p) => p.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it("posts exactly seven digests, once each, at 09:00 launch-local", async () => {
    const db = pools[0]!;
    const start = new Date("2026-11-30T12:00:00Z");
    await importTestChecklist(db, start);
    const { launch } = await createLaunch(db, { name: "shop-web", checklistId: "shop", launchDate: "2026-12-01", timezone: "America/New_York", url: null }, { id: "rita", surface: "shell" }, start);
    await bindConversation(db, launch, "C1", { id: "rita", surface: "slack" }, start);
    // Traffic every hour of the hypercare week; the same crash on the first two mornings.
    const access = Array.from({ length: 10 * 24 }, (_, h) => accessLine(new Date(Date.parse("2026-12-01T05:00:00Z") + h * HOUR), "GET", `/exams/${h}/`, h % 24 === 3 ? 500 : 200, 0.05));
    const errors = [...gunicornError(new Date("2026-12-02T08:00:00Z"), "/exams/1/submit/"), ...gunicornError(new Date("2026-12-03T08:00:00Z"), "/exams/2/submit/")];
    mkdirSync(join(dir, "logs"));
    writeLog(join(dir, "logs", "access.log"), access);
    writeLog(join(dir, "logs", "error.log"), errors);
    await digestRepo.addSource(db, launch.id, { name: "app", kind: "logs", config: { patterns: [join(dir, "logs", "*.log")], formats: ["access", "gunicorn-error"], latencyUnit: "s", fields: {} } }, "rita", start);

    const clock = fixedClock(start);
    const log = createLogger({ level: "silent" });
    const replicas = pools.map((pool, i) => createScheduler({ db: pool, log, clock, replica: `r${i}` }));
    for (let t = start.getTime(); t <= Date.parse("2026-12-10T12:00:00Z"); t += HOUR / 2) {
      const now = new Date(t);
      clock.set(now);
      await Promise.all(replicas.map((s) => s.tick(now)));
    }

    const digests = await db.query<{ window_to: Date; report: { groups: { type: string; isNew: boolean }[]; figures: { requests: number } } }>(
      "select window_to, report from digests where kind = 'daily' order by window_to",
    );
    // 09:00 in New York (EST, UTC-5) on T+1 … T+7.
    expect(digests.map((d) => d.window_to.toISOString())).toEqual(["02", "03", "04", "05", "06", "07", "08"].map((day) => `2026-12-${day}T14:00:00.000Z`));
    expect(digests.every((d) => d.report.figures.requests === 24)).toBe(true);
    expect(digests.slice(0, 3).map((d) => d.report.groups.map((g) => `${g.type} ${g.isNew ? "NEW" : "recurring"}`))).toEqual([["ValueError NEW"], ["ValueError recurring"], []]);
    const posts = await db.query<{ summary: string }>("select payload->>'summary' as summary from outbox where conversation = 'C1' order by id");
    const morning = posts.map((p) => p.summary).filter((s) => /hypercare|digest/i.test(s));
    expect(morning.filter((s) => s.startsWith("Daily digest — shop-web — T+"))).toHaveLength(7);
    // Each digest comes right after that morning's hypercare post.
    for (let day = 1; day <= 7; day++) {
      const i = morning.findIndex((s) => s.startsWith(`Daily digest — shop-web — T+${day}:`));
      expect(morning[i - 1], `T+${day}`).toMatch(/hypercare/i);
    }
    const runs = await db.query<{ n: number }>("select count(*)::int as n from job_runs where job = 'hypercare-post'");
    expect(runs[0]!.n).toBe(7);
  }, 180_000);
});
