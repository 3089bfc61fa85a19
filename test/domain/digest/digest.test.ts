// The digest end to end on real files and both engines: figures and changes, NEW then
// recurring across days (and a restart), Sentry merged in through nock, the commands.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nock from "nock";
import { afterAll, describe, expect, it } from "vitest";
import { makeDigest } from "../../../src/domain/digest/build.js";
import { digestReply } from "../../../src/domain/digest/digest-reply.js";
import { bytesToRead, runDigestInBackground } from "../../../src/domain/digest/on-demand.js";
import { changeItem } from "../../../src/domain/launches/item-changes.js";
import { bindConversation, createLaunch } from "../../../src/domain/launches/launches.js";
import { checklistsRepo } from "../../../src/storage/checklists-repo.js";
import { itemsRepo } from "../../../src/storage/items-repo.js";
import { renderAdaptiveCard } from "../../../src/render/adaptivecard.js";
import { renderBlockKit } from "../../../src/render/blockkit.js";
import { renderText } from "../../../src/render/text.js";
import { digestRepo } from "../../../src/storage/digest-repo.js";
import { engines, snapshot, useDatabase } from "../../helpers/db.js";
import { shellAs, testServices } from "../../helpers/harness.js";
import { importTestChecklist } from "../../jobs/fixtures.js";
import { accessLine, gunicornError, minutesAfter, TRACEBACK_DB, writeLog } from "./log-fixtures.js";

const dir = mkdtempSync(join(tmpdir(), "golive-digest-db-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LAUNCH_DAY = "2026-11-23";
const DAY1 = new Date("2026-11-24T09:00:00Z");
const DAY2 = new Date("2026-11-25T09:00:00Z");
const noSleep = { env: { SENTRY_TEST_TOKEN: "sntrys_test_secret_value" }, sleep: async () => {} };
const SENSITIVE_CHECKLIST = `# Logs

## Security
- [ ] Sensitive data not logged <!-- golive: key=no-sensitive owner=@U0ALICE evidence=logs.sensitive -->
- [ ] Verify no sensitive data in logs <!-- golive: key=verify-sensitive owner=@U0BOB evidence=logs.sensitive -->
- [ ] Rotate the logs <!-- golive: key=rotate -->
`;
const windowEnding = (to: Date) => ({ from: new Date(to.getTime() - 86_400_000), to });

describe.each(engines)("the digest (%s)", (engine) => {
  const getDb = useDatabase(engine);

  async function setup(name: string) {
    const db = getDb();
    const { services, clock } = testServices(db, DAY1.toISOString());
    await importTestChecklist(db, clock.now());
    const { launch } = await createLaunch(db, { name: "shop-web", checklistId: "shop", launchDate: LAUNCH_DAY, timezone: "UTC", url: null }, { id: "rita", surface: "shell" }, clock.now());
    const d = join(dir, `${engine}-${name}`);
    rmSync(d, { recursive: true, force: true });
    const { mkdirSync } = await import("node:fs");
    mkdirSync(d, { recursive: true });
    return { db, services, clock, launch, d, shell: shellAs(services) };
  }

  it("adds sources in two commands, refuses bad ones without changing anything, and digests", async () => {
    const { db, d, shell, clock } = await setup("commands");
    const yesterday = new Date(DAY1.getTime() - 30 * 3_600_000);
    writeLog(join(d, "access.log"), [
      // Pre-launch week (baseline), the day before (previous), and the window.
      ...Array.from({ length: 10 }, (_, i) => accessLine(new Date(Date.parse("2026-11-20T10:00:00Z") + i * 60_000), "GET", "/", i === 0 ? 500 : 200, 0.02)),
      ...Array.from({ length: 20 }, (_, i) => accessLine(minutesAfter(yesterday, i + 1), "GET", "/exams/", 200, 0.03)),
      ...Array.from({ length: 40 }, (_, i) => accessLine(minutesAfter(DAY1, -60 + i), i % 10 === 0 ? "POST" : "GET", i % 10 === 0 ? `/exams/${i}/submit/` : `/exams/${i}/`, i % 10 === 0 ? 502 : i % 4 === 0 ? 404 : 200, 0.05 + i / 100)),
      accessLine(minutesAfter(DAY1, -5), "GET", "/login/?email=jane.doe@example.com&password=hunter2", 302, 0.01),
    ]);
    writeLog(join(d, "gunicorn-error.log"), [...gunicornError(minutesAfter(DAY1, -30), "/exams/10/submit/"), ...gunicornError(minutesAfter(DAY1, -20), "/exams/20/submit/")]);

    const before = await snapshot(db);
    expect((await shell.run(`digest source add nginx ${join(d, "nope*.log")}`)).text).toContain(`No file matches ${join(d, "nope*.log")}.`);
    expect((await shell.run(`digest source add django ${join(d, "access.log")}`)).text).toContain(`Unknown format in ${join(d, "access.log")} line 1`);
    expect((await shell.run("digest source add sentry --org acme --project osce --token-env sntrys_abc")).text).toContain("--token-env takes the NAME");
    expect((await shell.run("digest source add ftp /tmp/x")).text).toContain('"ftp" is not a source kind');
    expect(await snapshot(db)).toEqual(before);

    const added = await shell.run(`digest source add logs ${join(d, "*.log")}`);
    expect(added.ok).toBe(true);
    expect(added.text).toContain("(access)");
    expect(added.text).toContain("(gunicorn-error)");
    expect((await shell.run("digest source add sentry --org acme --project osce --token-env SENTRY_TEST_TOKEN")).ok).toBe(true);
    expect((await shell.run("digest sources")).text).toContain("Sentry acme/osce at sentry.io (token in $SENTRY_TEST_TOKEN)");
    const events = await db.query<{ kind: string }>("select kind from events where kind like 'digest.%' order by id");
    expect(events.map((e) => e.kind)).toEqual(["digest.source.added", "digest.source.added"]);
    // The secret itself is never stored: only the variable's name.
    expect(JSON.stringify(await snapshot(db))).not.toContain("sntrys_test_secret_value");

    await shell.run("digest source remove sentry");
    clock.set(DAY1);
    const out = await shell.run("digest");
    expect(out.ok).toBe(true);
    expect(out.text).toContain("Requests:");
    expect(out.text).toMatch(/Requests:\s+41 \(▲ \+105% vs previous day; ▲ \+4000% vs pre-launch baseline\)/);
    expect(out.text).toContain("▼ −0.24 pt vs pre-launch baseline");
    expect(out.text).toContain("5xx:      4 — 9.76%");
    expect(out.text).toMatch(/Latency:\s+p50 \d+ ms · p95 \d+ ms · p99 \d+ ms/);
    expect(out.text).toContain("🆕 NEW");
    expect(out.text).toContain("ValueError: invalid literal for int() with base <n>: <str> — /srv/osce/exams/views.py in submit — 2×");
    expect(out.text).toContain("POST /exams/{id}/submit/ — 4 × 5xx of 4");
    expect(out.text).toContain("⚠️ e-mail addresses: 1 — e.g. j***@example.com");
    expect(out.text).toContain("password=[redacted]");
    expect(out.text).not.toContain("hunter2");
    expect(out.text).toContain("📈 Requests, p95 and 5xx per hour");

    const groupId = /🆕 NEW {2}([0-9a-f]{8}) {2}ValueError/.exec(out.text)![1]!;
    const shown = await shell.run(`digest show ${groupId}`);
    expect(shown.text).toContain("Traceback (most recent call last):");
    expect(shown.text).toContain(`${join(d, "gunicorn-error.log")}:1: [`);
    expect((await shell.run("digest show ffff0000")).text).toContain("has no error group ffff0000");
    expect((await shell.run("digest --since 2x")).text).toContain('--since "2x" is not a duration');
  });

  it("marks a group NEW on its first day and recurring the next day, across a restart", async () => {
    const { db, launch, d } = await setup("new-then-recurring");
    writeLog(join(d, "gunicorn-error.log"), [
      ...gunicornError(minutesAfter(DAY1, -120), "/exams/1/submit/"),
      ...gunicornError(minutesAfter(DAY2, -60), "/exams/2/submit/"),
      ...gunicornError(minutesAfter(DAY2, -50), "/exams/3/", TRACEBACK_DB),
    ]);
    await digestRepo.addSource(db, launch.id, { name: "gunicorn", kind: "logs", config: { patterns: [join(d, "*.log")], formats: ["gunicorn-error"], latencyUnit: "s", fields: {} } }, "rita", DAY1);
    const first = await makeDigest(db, launch, windowEnding(DAY1), "daily", DAY1, noSleep);
    expect(first.report.groups.map((g) => [g.type, g.isNew])).toEqual([["ValueError", true]]);
    // A restart: nothing kept in memory; the stored fingerprints decide.
    const second = await makeDigest(db, launch, windowEnding(DAY2), "daily", DAY2, noSleep);
    expect(second.report.groups.map((g) => [g.type, g.isNew]).sort()).toEqual([
      ["ValueError", false],
      ["django.db.utils.OperationalError", true],
    ]);
    const recurring = second.report.groups.find((g) => !g.isNew)!;
    expect(recurring.firstSeen).toBe(minutesAfter(DAY1, -120).toISOString());
    expect(renderText(digestReply(second.report, { chart: false }))).toContain(`↻ recurring  ${recurring.id}`);
  });

  it("builds a big on-demand digest in the background: progress updated in place, then the digest, in the conversation", async () => {
    const { db, launch, d, services, clock } = await setup("background");
    writeLog(join(d, "access.log"), Array.from({ length: 2000 }, (_, i) => accessLine(new Date(DAY1.getTime() - 86_400_000 + i * 40_000), "GET", `/exams/${i}/`, 200, 0.02)));
    await digestRepo.addSource(db, launch.id, { name: "nginx", kind: "logs", config: { patterns: [join(d, "access.log")], formats: ["access"], latencyUnit: "s", fields: {} } }, "rita", DAY1);
    expect(await bytesToRead(db, launch, windowEnding(DAY1))).toBeGreaterThan(200_000);
    await runDigestInBackground({ ...services, launch, window: windowEnding(DAY1), deps: noSleep, label: "the last 24 hours", target: { surface: "slack", conversation: "C1" } });
    const rows = await db.query<{ kind: string; update_key: string | null; summary: string }>("select kind, update_key, payload->>'summary' as summary from outbox order by id");
    expect(rows.at(-1)).toMatchObject({ kind: "post", update_key: null, summary: "Digest — shop-web: quiet day (2,000 requests)" });
    const progress = rows.slice(0, -1);
    expect(progress.length).toBeGreaterThan(1);
    expect(new Set(progress.map((r) => `${r.kind} ${r.update_key}`)).size).toBe(1);
    expect(progress.at(-1)!.summary).toMatch(/reading the logs, 0\.\d MB of 0\.\d MB/);
    expect(clock.now()).toEqual(DAY1);
  });

  it("says 'quiet day' when nothing broke", async () => {
    const { db, launch, d } = await setup("quiet");
    writeLog(join(d, "access.log"), Array.from({ length: 30 }, (_, i) => accessLine(minutesAfter(DAY1, -100 + i), "GET", "/", 200, 0.02)));
    await digestRepo.addSource(db, launch.id, { name: "nginx", kind: "logs", config: { patterns: [join(d, "access.log")], formats: ["access"], latencyUnit: "s", fields: {} } }, "rita", DAY1);
    const { report } = await makeDigest(db, launch, windowEnding(DAY1), "daily", DAY1, noSleep);
    const reply = digestReply(report, { dayLabel: "T+1" });
    expect(renderText(reply)).toContain("☀️ Quiet day: 30 requests, no 5xx, no new or recurring errors, nothing sensitive in the logs.");
    expect(reply.summary).toBe("Daily digest — shop-web — T+1: quiet day (30 requests)");
    expect(digestReply(report, { chart: false }).summary).toBe("Digest — shop-web: quiet day (30 requests)");
  });

  it("merges Sentry issues (paginated, after a 429) with the groups from the logs", async () => {
    const { db, launch, d } = await setup("sentry");
    writeLog(join(d, "gunicorn-error.log"), gunicornError(minutesAfter(DAY1, -30), "/exams/1/submit/"));
    await digestRepo.addSource(db, launch.id, { name: "gunicorn", kind: "logs", config: { patterns: [join(d, "*.log")], formats: ["gunicorn-error"], latencyUnit: "s", fields: {} } }, "rita", DAY1);
    await digestRepo.addSource(db, launch.id, { name: "sentry", kind: "sentry", config: { url: "https://sentry.io", org: "acme", project: "42", tokenEnv: "SENTRY_TEST_TOKEN" } }, "rita", DAY1);
    const issue = (id: string, type: string, value: string, firstSeen: string) => ({
      id,
      shortId: `OSCE-${id}`,
      title: `${type}: ${value}`,
      culprit: "exams.views in submit",
      permalink: `https://acme.sentry.io/issues/${id}/`,
      count: "17",
      userCount: 3,
      firstSeen,
      lastSeen: minutesAfter(DAY1, -5).toISOString(),
      level: "error",
      status: "unresolved",
      metadata: { type, value },
    });
    const page2 = "https://sentry.io/api/0/organizations/acme/issues/?project=42&cursor=1700000000000:0:0";
    const seen: string[] = [];
    const api = nock("https://sentry.io", { reqheaders: { authorization: "Bearer sntrys_test_secret_value" } })
      .get("/api/0/organizations/acme/issues/")
      .query((q) => {
        seen.push(JSON.stringify(q));
        return q.project === "42" && q.start === windowEnding(DAY1).from.toISOString() && q.end === DAY1.toISOString() && q.query === "";
      })
      .reply(429, { detail: "slow down" }, { "Retry-After": "2" })
      .get("/api/0/organizations/acme/issues/")
      .query(true)
      .reply(200, [issue("1", "ValueError", "invalid literal for int() with base 10: 'zzz'", minutesAfter(DAY1, -600).toISOString())], {
        Link: `<https://sentry.io/api/0/organizations/acme/issues/?cursor=0:0:1>; rel="previous"; results="false"; cursor="0:0:1", <${page2}>; rel="next"; results="true"; cursor="1700000000000:0:0"`,
      })
      .get("/api/0/organizations/acme/issues/")
      .query({ project: "42", cursor: "1700000000000:0:0" })
      .reply(200, [issue("2", "KeyError", "'exam_id'", "2026-10-01T00:00:00Z")], {
        Link: `<${page2}>; rel="previous"; results="true"; cursor="x", <https://sentry.io/api/0/organizations/acme/issues/?cursor=2>; rel="next"; results="false"; cursor="2"`,
      });
    const waits: number[] = [];
    const { report } = await makeDigest(db, launch, windowEnding(DAY1), "daily", DAY1, { ...noSleep, sleep: async (ms) => void waits.push(ms) });
    expect(api.isDone()).toBe(true);
    expect(waits).toEqual([2000]);
    expect(report.sources.find((s) => s.name === "sentry")).toMatchObject({ lines: 2, errors: [] });
    const byType = Object.fromEntries(report.groups.map((g) => [g.type, g]));
    expect(byType.ValueError).toMatchObject({ count: 1, isNew: true, sentry: { shortId: "OSCE-1", count: 17 } });
    expect(byType.KeyError).toMatchObject({ isNew: false, sentry: { shortId: "OSCE-2" } });
    expect(JSON.stringify(await snapshot(db))).not.toContain("sntrys_test_secret_value");
  });

  it("records the sensitive-data verdict: a finding flags the attested item and tells the open one's owner; a clean day verifies nothing", async () => {
    const db = getDb();
    const at = DAY1;
    await checklistsRepo.upsert(db, { id: "logs", title: "Logs", source: SENSITIVE_CHECKLIST, importedBy: "test", importedAt: at });
    const { launch } = await createLaunch(db, { name: "logs-web", checklistId: "logs", launchDate: LAUNCH_DAY, timezone: "UTC", url: null }, { id: "rita", surface: "shell" }, at);
    await bindConversation(db, launch, "C1", { id: "rita", surface: "slack" }, at);
    const [attested, open] = (await itemsRepo.list(db, launch.id)).filter((i) => /sensitive/i.test(i.text));
    await changeItem(db, launch.id, attested!.key, { kind: "check", note: "grep found nothing" }, { id: "rita", surface: "shell" }, at);
    const d = join(dir, `${engine}-verdict`);
    rmSync(d, { recursive: true, force: true });
    mkdirSync(d, { recursive: true });
    writeLog(join(d, "access.log"), [accessLine(minutesAfter(DAY1, -60), "GET", "/", 200), accessLine(minutesAfter(DAY2, -60), "GET", "/reset/?token=abcdef0123456789&email=bob@example.com", 200)]);
    await digestRepo.addSource(db, launch.id, { name: "nginx", kind: "logs", config: { patterns: [join(d, "access.log")], formats: ["access"], latencyUnit: "s", fields: {} } }, "rita", at);

    await makeDigest(db, launch, windowEnding(DAY1), "daily", DAY1, noSleep);
    const clean = await db.query<{ results: { id: string; status: string }[] }>("select results from audit_runs order by id");
    expect(clean.map((r) => r.results.map((x) => `${x.id} ${x.status}`))).toEqual([["logs.sensitive pass"]]);
    const afterClean = await itemsRepo.list(db, launch.id);
    expect(afterClean.find((i) => i.key === open!.key)!.state).toBe("open");
    expect(afterClean.find((i) => i.key === attested!.key)).toMatchObject({ state: "done", doneKind: "attested" });

    await makeDigest(db, launch, windowEnding(DAY2), "daily", DAY2, noSleep);
    const [run] = await db.query<{ id: number; item_changes: { ref: string; key: string; change: string }[] }>("select id, item_changes from audit_runs order by id desc limit 1");
    expect(run!.item_changes.map((c) => `${c.key} ${c.change}`)).toEqual(["no-sensitive flagged"]);
    const dms = await db.query<{ conversation: string; summary: string }>("select conversation, payload->>'summary' as summary from outbox where kind = 'dm' order by id");
    expect(dms.map((m) => m.conversation)).toEqual(["U0BOB"]);
    expect(dms[0]!.summary).toContain("Sensitive data in the logs of logs-web: 1.2 Verify no sensitive data in logs does not hold");
    expect(JSON.stringify(await snapshot(db))).not.toMatch(/abcdef0123456789|bob@example\.com/);
  });

  it("renders as Block Kit and as an Adaptive Card, the chart beside the card", async () => {
    const { db, launch, d } = await setup("render");
    writeLog(join(d, "access.log"), Array.from({ length: 50 }, (_, i) => accessLine(minutesAfter(DAY1, -300 + i * 5), "GET", `/exams/${i}/`, i % 7 === 0 ? 500 : 200, 0.1)));
    await digestRepo.addSource(db, launch.id, { name: "nginx", kind: "logs", config: { patterns: [join(d, "access.log")], formats: ["access"], latencyUnit: "s", fields: {} } }, "rita", DAY1);
    const { report } = await makeDigest(db, launch, windowEnding(DAY1), "daily", DAY1, noSleep);
    const reply = digestReply(report);
    const image = reply.blocks.find((b) => b.kind === "image");
    expect(image && Buffer.from(image.pngBase64, "base64").subarray(1, 4).toString()).toBe("PNG");
    const slack = renderBlockKit(reply);
    expect(JSON.stringify(slack)).toContain("5xx per hour");
    expect(JSON.stringify(slack)).not.toContain(image!.pngBase64.slice(0, 40));
    const card = renderAdaptiveCard(reply);
    expect(JSON.stringify(card)).toContain("Top failing endpoints");
    expect(JSON.stringify(card)).not.toContain("data:image/png");
  });
});
