// A 5xx rate over the threshold in the latest logs raises an incident, once per breach across
// replicas, counted while it lasts and noted when it clears; the check is set with
// `incident setup` and only runs on launch day and in hypercare, with someone on call.
import { appendFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Reply } from "../../../src/render/reply.js";
import { renderText } from "../../../src/render/text.js";
import { errorRateJob } from "../../../src/jobs/error-rate-job.js";
import { createScheduler } from "../../../src/jobs/scheduler.js";
import { jobRunsRepo } from "../../../src/storage/job-runs-repo.js";
import { rolesRepo } from "../../../src/storage/roles-repo.js";
import { ALICE, dms, RITA, slackLaunch, slackUser } from "../../commands/incidents-helpers.js";
import { engines, snapshot, useDatabase } from "../../helpers/db.js";
import { shellAs, testServices } from "../../helpers/harness.js";
import { accessLine } from "../digest/log-fixtures.js";

const dir = mkdtempSync(join(tmpdir(), "golive-error-rate-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `total` requests spread evenly over [from, from + minutes), `failed` of them answering 500, spread evenly too. */
function traffic(file: string, fromIso: string, minutes: number, total: number, failed: number) {
  const from = Date.parse(fromIso);
  const step = (minutes * 60_000) / total;
  const fails = (i: number) => Math.floor(((i + 1) * failed) / total) > Math.floor((i * failed) / total);
  const lines = Array.from({ length: total }, (_, i) => accessLine(new Date(from + Math.floor(i * step)), "GET", `/exams/${i % 40}/`, fails(i) ? 500 : 200, 0.05));
  appendFileSync(file, `${lines.join("\n")}\n`);
}

describe.each(engines)("5xx-rate incidents on %s", (engine) => {
  const db = useDatabase(engine);

  async function setUp(name: string, now: string, onCall = true) {
    const { services, clock } = testServices(db(), now);
    const launch = await slackLaunch(db(), clock.now(), "2026-12-01");
    const rita = slackUser(services, RITA);
    if (onCall) expect((await rita(`oncall set primary <@${ALICE}> --every 1w`)).ok).toBe(true);
    // Log files are added from the local shell, by a release manager there.
    await rolesRepo.set(db(), launch.id, { principal: "ops", role: "release-manager", grantedBy: RITA, grantedAt: clock.now() });
    const shell = shellAs(services, "ops");
    const file = join(dir, `${engine}-${name}.log`);
    rmSync(file, { force: true });
    traffic(file, "2026-11-30T09:00:00Z", 1, 10, 0);
    const added = await shell.run(`digest source add logs ${file} --launch shop-web`);
    expect(added.ok, added.text).toBe(true);
    const tick = (iso: string, replica = "r1") => {
      clock.set(iso);
      return createScheduler({ db: db(), log: services.log, clock, replica, jobs: [errorRateJob] }).tick(clock.now());
    };
    return { services, clock, launch, rita, file, tick };
  }

  const incidents = () => db().query<{ id: number; source: string; dedup_key: string; severity: number; status: string; alert_count: number; summary: string }>(
    "select id, source, dedup_key, severity, status, alert_count, summary from incidents order by id",
  );
  const runs = async () => (await jobRunsRepo.history(db(), "error-rate", 1, 50)).map((r) => `${r.slot.toISOString().slice(11, 16)} ${r.outcome} ${r.summary}`).reverse();

  it("raises one incident per breach across replicas, counts it while it lasts, and notes when it clears", async () => {
    const { rita, file, tick } = await setUp("breach", "2026-12-01T10:00:00Z");
    traffic(file, "2026-12-01T09:45:00Z", 15, 2_500, 310);
    const [first] = await tick("2026-12-01T10:00:00Z", "r1");
    const [second] = await tick("2026-12-01T10:00:00Z", "r2");
    expect(first!.result).toMatchObject({ claimed: true, outcome: "ok" });
    expect(second!.result).toEqual({ claimed: false });
    expect(await incidents()).toEqual([
      { id: 1, source: "digest", dedup_key: "5xx-rate", severity: 2, status: "triggered", alert_count: 1, summary: "5xx rate 12.4% (310 of 2,500 requests) over the last 15 min, threshold 5%" },
    ]);
    expect(await dms(db())).toEqual([`${ALICE} 10:00:00`]);

    traffic(file, "2026-12-01T10:00:00Z", 5, 1_000, 200);
    await tick("2026-12-01T10:05:00Z");
    expect((await incidents()).map((i) => i.alert_count)).toEqual([2]);
    expect(await dms(db())).toEqual([`${ALICE} 10:00:00`]);
    // The page message in the channel, edited in place, says what it is and how often it was seen.
    const [page] = await db().query<{ payload: Reply }>("select payload from outbox where kind = 'update' and update_key = 'incident-1' order by id desc limit 1");
    const card = renderText(page!.payload);
    expect(card).toContain("Incident #1 · SEV2 · 5xx rate 12.4% (310 of 2,500 requests) over the last 15 min, threshold 5%");
    expect(card).toMatch(/Source: +5xx rate in the logs · seen 2 times/);

    traffic(file, "2026-12-01T10:05:00Z", 15, 3_000, 30);
    await tick("2026-12-01T10:20:00Z");
    await tick("2026-12-01T10:25:00Z");
    expect(await runs()).toEqual([
      "10:00 ok 5xx rate 12.4% (310 of 2,500 requests) over the last 15 min, threshold 5%: raised incident #1",
      "10:05 ok 5xx rate 15.3% (407 of 2,666 requests) over the last 15 min, threshold 5%: counted on incident #1",
      "10:20 ok 5xx rate 1.0% (30 of 3,000 requests) over the last 15 min, threshold 5%: back under, noted on incident #1",
      "10:25 ok 5xx rate 1.0% (20 of 2,000 requests) over the last 15 min, threshold 5%",
    ]);
    expect((await incidents()).map((i) => [i.status, i.alert_count])).toEqual([["triggered", 2]]);
    const shown = (await rita("incident show 1")).text;
    expect(shown).toContain("1 more alert(s) (2 in all): 5xx rate 15.3% (407 of 2,666 requests) over the last 15 min, threshold 5%");
    expect(shown).toContain("cleared: 5xx rate 1.0% (30 of 3,000 requests) over the last 15 min, threshold 5% (open until someone resolves it)");
    expect(shown.match(/cleared:/g)).toHaveLength(1);
  });

  it("judges only with enough requests, follows incident setup, and refuses bad settings without changing anything", async () => {
    const { rita, file, tick } = await setUp("settings", "2026-12-02T10:00:00Z");
    traffic(file, "2026-12-02T09:50:00Z", 10, 150, 12);
    await tick("2026-12-02T10:00:00Z");
    expect(await incidents()).toEqual([]);
    expect(await runs()).toEqual(["10:00 ok 150 requests over the last 15 min: fewer than 200, not judged"]);

    const before = await snapshot(db());
    const cases: [string, RegExp][] = [
      ["incident setup --5xx-rate 150%", /--5xx-rate: is the share of requests that may fail, as a percentage/],
      ["incident setup --5xx-rate 0%", /--5xx-rate: must be more than 0%/],
      ["incident setup --min-requests many", /--min-requests: is a whole number of requests/],
      ["incident setup --window 3d", /--window: is minutes or hours, e.g. 15m or 1h/],
      ["incident setup --window 25h", /--window: must be 1 minute to 24 hours/],
    ];
    for (const [line, message] of cases) {
      const answer = await rita(line);
      expect(answer.ok, line).toBe(false);
      expect(answer.text, line).toMatch(message);
    }
    expect(await snapshot(db())).toEqual(before);

    const set = await rita("incident setup --5xx-rate 7.5% --min-requests 100 --window 20m");
    expect(set.text).toMatch(/5xx rate: +an incident when over 7.5% of at least 100 requests fail in the last 20 min, checked every 5 minutes on launch day and in hypercare/);
    await tick("2026-12-02T10:05:00Z");
    expect((await incidents()).map((i) => i.summary)).toEqual(["5xx rate 8.0% (12 of 150 requests) over the last 20 min, threshold 7.5%"]);

    expect((await rita("incident setup --5xx-rate off")).text).toMatch(/5xx rate: +off \(incident setup --5xx-rate 5% turns it on\)/);
    expect(await tick("2026-12-02T10:10:00Z")).toEqual([]);
    const [event] = await db().query<{ after: { errorRate: unknown } }>("select after from events where kind = 'incident.setup' order by id desc limit 1");
    expect(event!.after.errorRate).toEqual({ enabled: false, threshold: 0.075, minRequests: 100, windowMinutes: 20 });
    // On again, it keeps the numbers it had.
    expect((await rita("incident setup --5xx-rate on")).text).toMatch(/5xx rate: +an incident when over 7\.5% of at least 100 requests fail in the last 20 min/);
  });

  it("does nothing (no run recorded) without someone on call, and nothing before launch day", async () => {
    const { rita, file, tick } = await setUp("idle", "2026-11-30T10:00:00Z", false);
    traffic(file, "2026-11-30T09:45:00Z", 15, 1_000, 500);
    expect(await tick("2026-11-30T10:00:00Z")).toEqual([]);
    traffic(file, "2026-12-01T09:45:00Z", 15, 1_000, 500);
    expect(await tick("2026-12-01T10:00:00Z")).toEqual([]);
    expect((await rita("incident setup")).text).toMatch(/5xx rate: +an incident when over 5% of at least 200 requests .*; waiting for someone on call \(oncall set …\)/);
    expect(await runs()).toEqual([]);
    expect(await incidents()).toEqual([]);
    // Once someone is on call, launch day's next check raises it.
    expect((await rita(`oncall set primary <@${ALICE}> --every 1w`)).ok).toBe(true);
    traffic(file, "2026-12-01T10:00:00Z", 5, 1_000, 500);
    await tick("2026-12-01T10:05:00Z");
    expect((await incidents()).map((i) => i.summary)).toEqual(["5xx rate 50.0% (833 of 1,666 requests) over the last 15 min, threshold 5%"]);
  });
});
