import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { auditJobs, auditNightlyJob } from "../../src/jobs/audit-job.js";
import { createScheduler } from "../../src/jobs/scheduler.js";
import { runClaimed } from "../../src/jobs/run-job.js";
import { jobRunsRepo } from "../../src/storage/job-runs-repo.js";
import { launchesRepo } from "../../src/storage/launches-repo.js";
import { createTestPki, daysFromNow, type TestPki } from "../domain/audit/support/pki.js";
import { closedPort, type RunningServer, startHttp, startHttps } from "../domain/audit/support/servers.js";
import { redirector, secureDjangoSite } from "../domain/audit/support/sites.js";
import { engines, useDatabase } from "../helpers/db.js";
import { shellAs, testServices } from "../helpers/harness.js";
import { machineDate, machineDayAt } from "../helpers/time.js";

// The site's certificate is judged by OpenSSL on the machine's date, so launch day is the machine's date.
const launchDay = machineDate(0);

let pki: TestPki;
let caFile: string;
const servers: RunningServer[] = [];

beforeAll(async () => {
  pki = createTestPki();
  caFile = join(await mkdtemp(join(tmpdir(), "golive-audit-job-")), "ca.pem");
  await writeFile(caFile, pki.caPem);
});

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe.each(engines)("scheduled audits on %s", (engine) => {
  const db = useDatabase(engine);

  async function launch(now: string, withTarget: boolean) {
    const { services, clock } = testServices(db(), now);
    const sh = shellAs(services, "rita");
    await sh.run(`launch create shop --checklist django-lms --date ${launchDay} --tz UTC`);
    if (withTarget) {
      const cert = pki.issue({ hosts: ["127.0.0.1"], notBefore: daysFromNow(-1), notAfter: daysFromNow(365) });
      const https = await startHttps(cert, secureDjangoSite());
      const http = await startHttp(redirector(301, (path) => `https://127.0.0.1:${https.port}${path}`));
      servers.push(https, http);
      const set = await sh.run(
        `launch set --url https://127.0.0.1:${https.port}/ --http-url http://127.0.0.1:${http.port}/ --closed-ports ${await closedPort()} --ca-file ${caFile}`,
      );
      expect(set.ok, set.text).toBe(true);
    }
    return { services, clock, sh, launch: (await launchesRepo.byName(db(), "shop"))! };
  }

  it("runs every 15 minutes on launch day, records the run and verifies items as golive", async () => {
    const { services, clock, sh } = await launch(machineDayAt(0, "10:15:00Z"), true);
    const ran = await createScheduler({ db: db(), log: services.log, clock, replica: "a", jobs: auditJobs }).tick(clock.now());
    expect(ran.map((r) => [r.job, r.slot.toISOString(), r.result.claimed && r.result.outcome])).toEqual([
      ["audit-launch-day", `${launchDay}T10:15:00.000Z`, "ok"],
    ]);
    const [run] = await jobRunsRepo.history(db(), "audit-launch-day", 1, 5);
    expect(run!.summary).toMatch(/^run 1: 100\/100 \(A\+\); \d+ pass, 0 warn, 0 fail, 0 error; verified /);
    const [audit] = await db().query<{ trigger: string; actor: string; surface: string }>("select trigger, actor, surface from audit_runs");
    expect(audit).toEqual({ trigger: "scheduled", actor: "golive", surface: "job" });
    const [nosniff] = await db().query<{ ref: string; done_kind: string }>("select ref, done_kind from items where key = 'nosniff'");
    expect(nosniff!.done_kind).toBe("verified");
    expect((await sh.run(`history ${nosniff!.ref}`)).text).toMatch(/@golive verified \S+ \(an audit proved it\) — audit run 1: nosniff pass/);
  });

  it("skips a launch without an audit target, and does not run the nightly audit on launch day", async () => {
    const { services, clock, launch: shop } = await launch(machineDayAt(-1, "03:00:00Z"), false);
    const result = await runClaimed({ db: db(), log: services.log, clock, replica: "a" }, auditNightlyJob, shop, clock.now(), "schedule", clock.now());
    expect(result).toMatchObject({ claimed: true, outcome: "skipped", summary: expect.stringMatching(/no audit target/) });
    clock.set(machineDayAt(0, "03:00:00Z"));
    const ran = await createScheduler({ db: db(), log: services.log, clock, replica: "b", jobs: [auditNightlyJob] }).tick(clock.now());
    expect(ran).toEqual([]);
  });
});
