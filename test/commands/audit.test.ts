// The audit end to end through the shell, against real loopback servers that
// imitate a secure and then a careless Django deployment.
import type http from "node:http";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/storage/database.js";
import { createTestPki, daysFromNow, type TestPki } from "../domain/audit/support/pki.js";
import { closedPort, type RunningServer, startHttp, startHttps } from "../domain/audit/support/servers.js";
import { insecureDjangoSite, redirector, secureDjangoSite } from "../domain/audit/support/sites.js";
import { engines, snapshot, useDatabase } from "../helpers/db.js";
import { shellAs, testServices } from "../helpers/harness.js";
import { machineDate, machineDayAt } from "../helpers/time.js";

const FIXTURES = new URL("../fixtures/check-deploy/", import.meta.url);
const fixture = (name: string) => new URL(name, FIXTURES).pathname;

let pki: TestPki;
let caFile: string;
const servers: RunningServer[] = [];

beforeAll(async () => {
  pki = createTestPki();
  const dir = await mkdtemp(join(tmpdir(), "golive-audit-"));
  caFile = join(dir, "ca.pem");
  await writeFile(caFile, pki.caPem);
});

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** An HTTPS site and its port-80 side whose behaviour the test switches from secure to careless. */
async function switchableSite() {
  const cert = pki.issue({ hosts: ["localhost", "127.0.0.1"], notBefore: daysFromNow(-1), notAfter: daysFromNow(365) });
  let secure = true;
  const secureSite = secureDjangoSite();
  const carelessSite = insecureDjangoSite();
  const httpsServer = await startHttps(cert, (req, res) => (secure ? secureSite : carelessSite)(req, res));
  const toHttps: http.RequestListener = redirector(301, (path) => `https://127.0.0.1:${httpsServer.port}${path}`);
  const httpServer = await startHttp((req, res) => (secure ? toHttps : carelessSite)(req, res));
  servers.push(httpsServer, httpServer);
  return {
    httpsPort: httpsServer.port,
    httpPort: httpServer.port,
    becomeCareless: () => {
      secure = false;
    },
  };
}

async function refsByKey(db: Database): Promise<Record<string, string>> {
  const rows = await db.query<{ key: string; ref: string }>("select key, ref from items");
  return Object.fromEntries(rows.map((row) => [row.key, row.ref]));
}

async function itemState(db: Database, key: string) {
  const [row] = await db.query<{ state: string; done_kind: string | null }>("select state, done_kind from items where key = $1", [key]);
  return `${row!.state}${row!.done_kind ? `/${row!.done_kind}` : ""}`;
}

describe.each(engines)("audit through the shell on %s", (engine) => {
  const db = useDatabase(engine);

  async function launchWithTarget() {
    // The site's certificate is judged by OpenSSL on the machine's date, so the test's clock starts there.
    const { services, clock } = testServices(db(), machineDayAt(0, "09:00:00Z"));
    const sh = shellAs(services, "rita");
    expect((await sh.run(`launch create shop --checklist django-lms --date ${machineDate(9)} --tz UTC`)).ok).toBe(true);
    expect((await sh.run("launch use shop")).ok).toBe(true);
    const site = await switchableSite();
    const set = await sh.run(
      `launch set --url https://127.0.0.1:${site.httpsPort}/ --http-url http://127.0.0.1:${site.httpPort}/ --closed-ports ${await closedPort()} --ca-file ${caFile} --timeout 3000`,
    );
    expect(set.ok, set.text).toBe(true);
    return { services, clock, sh, site, refs: await refsByKey(db()) };
  }

  it("verifies bound items with evidence, re-opens regressions, notifies the owner and flags attested items", async () => {
    const { sh, site, refs } = await launchWithTarget();
    const [launch] = await db().query<{ url: string; settings: { target: { caPem: string } } }>("select url, settings from launches");
    expect(launch!.url).toBe(`https://127.0.0.1:${site.httpsPort}/`);
    expect(launch!.settings.target.caPem).toContain("BEGIN CERTIFICATE");
    const [targetEvent] = await db().query<{ after: Record<string, unknown> }>("select after from events where kind = 'launch.target_set'");
    expect(targetEvent!.after.ca).toMatch(/^sha256:[0-9a-f]{16}$/);
    expect(JSON.stringify(targetEvent!.after)).not.toContain("BEGIN CERTIFICATE");

    expect((await sh.run(`assign ${refs.nosniff} @alice`)).ok).toBe(true);
    expect((await sh.run(`check ${refs["frame-options"]} set in settings.py`)).ok).toBe(true);

    const first = await sh.run("audit");
    expect(first.ok, first.text).toBe(true);
    expect(first.visibility).toBe("public");
    expect(first.text).toMatch(/audit run 1 · score 100\/100, grade A\+/);
    expect(first.text).toMatch(/^PASS {2}hsts — /m);
    expect(first.text).toMatch(new RegExp(`Verified: .*${refs.nosniff} \\(nosniff\\)`));
    expect(await itemState(db(), "nosniff")).toBe("done/verified");
    expect(await itemState(db(), "frame-options")).toBe("done/verified");
    expect(await itemState(db(), "tls-certificate")).toBe("done/verified");
    // A healthy endpoint supports these items but proves neither.
    expect(await itemState(db(), "uptime-monitoring")).toBe("open");
    expect(await itemState(db(), "smoke-tests")).toBe("open");
    // hsts is also bound to check_deploy:W004, which no run has reported yet.
    expect(await itemState(db(), "hsts")).toBe("open");

    const ingested = await sh.run(`audit ingest check-deploy ${fixture("django-5.1-clean.txt")}`);
    expect(ingested.ok, ingested.text).toBe(true);
    expect(ingested.text).toMatch(new RegExp(`Verified: .*${refs.hsts} \\(hsts, check_deploy:W004\\)`));
    expect(await itemState(db(), "hsts")).toBe("done/verified");
    expect(await itemState(db(), "debug-off")).toBe("done/verified");

    const history = await sh.run(`history ${refs.hsts}`);
    expect(history.text).toMatch(/@rita verified \S+ \(an audit proved it\) — audit run 2: hsts pass, check_deploy:W004 pass/);
    expect(history.text).toMatch(/^ {4}hsts pass \(run 1\): HSTS max-age=63072000; includeSubDomains/m);
    expect(history.text).toMatch(/^ {4}check_deploy:W004 pass \(run 2\): SECURE_HSTS_SECONDS is set/m);
    const [verifyEvent] = await db().query<{ after: { evidence: { checks: { id: string; run: number; evidence: Record<string, unknown> }[] } } }>(
      "select after from events where kind = 'item.verify' and item_key = 'hsts'",
    );
    expect(verifyEvent!.after.evidence.checks.map((c) => [c.id, c.run])).toEqual([["hsts", 1], ["check_deploy:W004", 2]]);
    expect(verifyEvent!.after.evidence.checks[0]!.evidence).toMatchObject({
      url: `https://127.0.0.1:${site.httpsPort}/`,
      headers: { "strict-transport-security": "max-age=63072000; includeSubDomains; preload" },
    });

    // Someone re-ticks frame-options by hand: attested, which an audit never silently flips.
    expect((await sh.run(`uncheck ${refs["frame-options"]}`)).ok).toBe(true);
    expect((await sh.run(`check ${refs["frame-options"]}`)).ok).toBe(true);

    site.becomeCareless();
    const second = await sh.run("audit");
    expect(second.ok, second.text).toBe(true);
    expect(second.text).toMatch(/grade F/);
    expect(second.text).toMatch(/^FAIL {2}nosniff — /m);
    expect(second.text).toMatch(new RegExp(`Re-opened \\(regression\\): .*${refs.nosniff} \\(nosniff\\)`));
    expect(second.text).toMatch(new RegExp(`Attested, audit fails: .*${refs["frame-options"]} \\(frame\\.options:deny\\)`));
    expect(await itemState(db(), "nosniff")).toBe("open");
    expect(await itemState(db(), "hsts")).toBe("open");
    expect(await itemState(db(), "frame-options")).toBe("done/attested");

    expect((await sh.run(`history ${refs.nosniff}`)).text).toMatch(/re-opened \S+ — regression found by audit run 3: nosniff fail: /);
    const dms = await db().query<{ surface: string; conversation: string; payload: { summary: string } }>(
      "select surface, conversation, payload from outbox where kind = 'dm'",
    );
    expect(dms).toEqual([
      { surface: "shell", conversation: "alice", payload: expect.objectContaining({ summary: expect.stringMatching(new RegExp(`^Regression on shop: ${refs.nosniff} .* audit run 3`)) }) },
    ]);

    const status = await sh.run("status");
    expect(status.text).toContain(`Last audit: run 3, ${machineDate(0)} 09:00Z, score 0/100 (F)`);
    expect(status.text).toMatch(new RegExp(`Attested, audit fails:\\n\\[x\\] ${refs["frame-options"]!.replace(".", "\\.")} `));

    const last = JSON.parse((await sh.run("audit last --json")).text);
    expect(last).toMatchObject({ run: "3", launch: "shop" });
    for (const check of last.checks) {
      expect(Object.keys(check).filter((key) => key !== "cannotVerify").sort()).toEqual(["evidence", "id", "status", "summary"]);
      expect(["pass", "warn", "fail", "error"]).toContain(check.status);
      expect(typeof check.evidence).toBe("object");
    }
    expect(last.checks).toContainEqual(expect.objectContaining({ id: "hsts", status: "fail" }));
    expect(last.items).toContainEqual(expect.objectContaining({ ref: refs.nosniff, change: "reopened" }));
    expect(last.items).toContainEqual(expect.objectContaining({ ref: refs["frame-options"], change: "flagged" }));
    expect(JSON.parse((await sh.run("audit show 1 --json")).text)).toMatchObject({ run: "1", launch: "shop" });

    const map = await sh.run("audit map");
    expect(map.text).toMatch(new RegExp(`^${refs.hsts!.replace(".", "\\.")} +proves: hsts fail, check_deploy:W004 pass  \\[open\\]`, "m"));
    expect(map.text).toMatch(new RegExp(`^${refs["uptime-monitoring"]!.replace(".", "\\.")} +supports: health fail  \\[open\\]`, "m"));
  });

  it("audits only the named checks, and refuses ids it does not know", async () => {
    const { sh } = await launchWithTarget();
    const only = JSON.parse((await sh.run("audit --only hsts,nosniff --json")).text);
    expect(only.checks.map((c: { id: string }) => c.id)).toEqual(["hsts", "nosniff"]);
    const unknown = await sh.run("audit --only hsts,check_deploy:W004");
    expect(unknown.ok).toBe(false);
    expect(unknown.text).toMatch(/Unknown check\(s\): check_deploy:W004/);
    expect(unknown.text).toMatch(/audit ingest check-deploy/);
  });

  it("ingests check --deploy output pasted as text or from a file, and rejects an unparseable one with its line", async () => {
    const { services } = testServices(db());
    const sh = shellAs(services, "rita");
    await sh.run("launch create shop --checklist django-lms --date 2026-12-01");
    const pasted = await sh.run(`audit ingest check-deploy --text "${await readFile(fixture("django-4.2-issues.txt"), "utf8")}"`);
    expect(pasted.ok, pasted.text).toBe(true);
    expect(pasted.text).toMatch(/^FAIL {2}check_deploy:W004 — security\.W004: You have not set a value for the SECURE_HSTS_SECONDS/m);
    expect(pasted.text).toMatch(/^PASS {2}check_deploy:W018 — /m);
    expect(pasted.text).toMatch(/^FAIL {2}check_deploy:mysql\.W002 — /m);
    expect(await itemState(db(), "secret-key")).toBe("open");
    expect(await itemState(db(), "allowed-hosts")).toBe("open");
    // W009 and W020 only support their items (where the key is kept, which hosts are allowed), and the
    // report is not clean: nothing is verified; debug-off waits for django.debug.
    expect(pasted.text).toMatch(/^FAIL {2}check_deploy:clean — check --deploy identified/m);
    expect(pasted.text).toContain("No item changed.");

    const before = await snapshot(db());
    const garbage = await sh.run('audit ingest check-deploy --text "WARNINGS:\nthis is not a check line\n"');
    expect(garbage.ok).toBe(false);
    expect(garbage.text).toMatch(/not recorded: the report that starts on line 1 has no closing 'System check identified N issues \(M silenced\)\.' line/);
    expect(garbage.text).toMatch(/a CI log around it is fine/);
    expect(await snapshot(db())).toEqual(before);

    const file = await sh.run(`audit ingest check-deploy ${fixture("django-5.1-fail-level-errors.txt")}`);
    expect(file.ok, file.text).toBe(true);
    const wrapped = await sh.run(`audit ingest check-deploy ${fixture("wrapper-script-log.txt")}`);
    expect(wrapped.ok, wrapped.text).toBe(true);
    expect(wrapped.text).toMatch(/^PASS {2}check_deploy:clean — check --deploy identified no issues$/m);
    const last = JSON.parse((await sh.run("audit last --json")).text);
    expect(last.run).toBe("3");
    expect(last.checks.every((c: { id: string }) => c.id.startsWith("check_deploy:"))).toBe(true);
    expect((await sh.run("audit ingest check-deploy")).text).toMatch(/either as a file or with --text/);
    expect((await sh.run("audit ingest pylint report.txt")).text).toMatch(/check-deploy/);
  });

  it("refuses an invalid target, a member setting it, and an audit without target, changing nothing", async () => {
    const { services } = testServices(db());
    const sh = shellAs(services, "rita");
    await sh.run("launch create shop --checklist django-lms --date 2026-12-01");
    const before = await snapshot(db());
    const noTarget = await sh.run("audit");
    expect(noTarget.ok).toBe(false);
    expect(noTarget.text).toMatch(/has no audit target yet[\s\S]*launch set --url https:\/\/app\.example\.com/);
    const http = await sh.run("launch set --url http://shop.example.com");
    expect(http.ok).toBe(false);
    expect(http.text).toMatch(/url: must start with https:\/\//);
    const ports = await sh.run("launch set --url https://shop.example.com --closed-ports 5432,redis");
    expect(ports.text).toMatch(/closedPorts\.1: ports must be numbers/);
    expect((await sh.run("launch set --url https://shop.example.com --ca-file /nonexistent/ca.pem")).text).toMatch(/There is no file \/nonexistent\/ca\.pem/);
    expect((await sh.run("launch set")).text).toMatch(/Say what to set/);
    await sh.run("role grant @mo member");
    const mid = await snapshot(db());
    expect((await shellAs(services, "mo").run("launch set --url https://shop.example.com")).text).toMatch(/release-manager/i);
    expect((await shellAs(services, "mo").run("audit token")).text).toMatch(/release-manager/i);
    expect((await sh.run("audit token --public")).text).toMatch(/never posted in a channel/);
    expect(await snapshot(db())).toEqual(mid);
    expect(before.launches).toEqual(mid.launches);
    expect((await sh.run("audit show 7")).text).toMatch(/shop has no audit run 7/);
    expect((await sh.run("audit last")).text).toMatch(/has not been audited yet/);
  });

  it("audits the URL given to launch create; a site that answers nothing gets no grade, proves nothing, and status says so", async () => {
    const { services } = testServices(db());
    const sh = shellAs(services, "rita");
    const port = await closedPort();
    // The URL given at creation is the audit target: launch set only adds to it.
    const created = await sh.run(`launch create shop --checklist django-lms --date 2026-12-01 --url https://127.0.0.1:${port}/`);
    expect(created.text).toContain(`Audit target: https://127.0.0.1:${port}/ (\`audit\` checks it;`);
    expect((await sh.run("launch show")).text).toContain(`https://127.0.0.1:${port}/`);
    expect((await sh.run(`launch set --http-url http://127.0.0.1:${port}/ --closed-ports ${await closedPort()} --open-ports none`)).ok).toBe(true);
    const audit = await sh.run("audit");
    expect(audit.ok).toBe(false);
    expect(audit.text).toMatch(/could not reach the site \(run 1\)/);
    expect(audit.text).toMatch(/launch set --url/);
    const last = JSON.parse((await sh.run("audit last --json")).text);
    const statuses = Object.fromEntries(last.checks.map((c: { id: string; status: string }) => [c.id, c.status]));
    expect(statuses).toMatchObject({ "tls.valid": "error", hsts: "error", "django.debug": "error", "ports.closed": "pass" });
    expect(last).toMatchObject({ score: null, grade: null, unreachable: expect.stringMatching(/connection refused/) });
    // A run that reached nothing proves nothing: not even the closed ports of a host that answers nothing.
    expect(last.items).toEqual([]);
    expect(audit.text).not.toMatch(/grade [A-F]|\d+\/100/);
    const status = await sh.run("status");
    expect(status.text).toMatch(/Last audit: run 1, .*, could not reach the site \(https:\/\/127\.0\.0\.1:\d+\/: connection refused \(ECONNREFUSED\); http:\/\/127\.0\.0\.1:\d+\/: connection refused \(ECONNREFUSED\)\), no grade — audit last/);
  });
});
