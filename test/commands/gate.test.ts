// The deploy gate through the shell: the rules of --require and --max-age, decisions and
// overrides, the recorded event, and bad options that change nothing.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { engines, snapshot, useDatabase } from "../helpers/db.js";
import { shellAs, testServices } from "../helpers/harness.js";

const checklist = fileURLToPath(new URL("../fixtures/checklists/gate.md", import.meta.url));
const CLEAN = "System check identified no issues (0 silenced).";

describe.each(engines)("gate on %s", (engine) => {
  const db = useDatabase(engine);

  async function setup() {
    const { services, clock } = testServices(db(), "2026-11-22T09:00:00Z");
    const sh = shellAs(services, "rita");
    for (const line of [`checklist import ${checklist} --id gate`, "launch create shop --checklist gate --date 2026-12-01"]) {
      const r = await sh.run(line);
      expect(r.ok, r.text).toBe(true);
    }
    const gate = async (args = "") => {
      const r = await sh.run(`gate ${args} --json`);
      return { ok: r.ok, error: r.error, json: JSON.parse(r.text) };
    };
    return { sh, clock, gate };
  }

  it("--require attested is the rule of go: critical items done or waived, nothing blocked", async () => {
    const { sh, gate } = await setup();
    const first = await gate();
    expect(first).toMatchObject({ ok: false, error: "nogo", json: { verdict: "no-go", require: "attested", maxAge: null, reasons: ["3 critical item(s) not done"] } });
    expect(first.json.failing.map((f: { ref: string }) => f.ref)).toEqual(["1.1", "1.2", "1.3"]);
    expect(first.json.readiness.counts).toMatchObject({ total: 4, done: 0, criticalOpen: 3 });
    const text = await sh.run("gate");
    expect(text.text).toMatch(/^NO-GO for shop \(critical items done, nothing blocked\)\n- 3 critical item\(s\) not done\nStopping the deploy:\n1\.1 +DEBUG is off in production — critical, not done/);

    for (const line of ["check 1.1", "check 1.2", "skip 1.3 no database here"]) expect((await sh.run(line)).ok).toBe(true);
    expect(await gate()).toMatchObject({ ok: true, json: { verdict: "go", reasons: [], failing: [] } });
    expect((await sh.run("gate")).text).toMatch(/^GO for shop/);

    await sh.run("block 1.4 waiting for the designer");
    expect((await gate()).json).toMatchObject({ verdict: "no-go", reasons: ["1 item(s) blocked"], failing: [{ ref: "1.4", problem: "blocked", detail: "blocked: waiting for the designer" }] });
  });

  it("--require verified wants audit proof for the critical items an audit can prove, fresh within --max-age", async () => {
    const { sh, clock, gate } = await setup();
    for (const line of ["check 1.1", "check 1.2", "check 1.3"]) await sh.run(line);
    const unproven = await gate("--require verified");
    expect(unproven.json).toMatchObject({
      verdict: "no-go",
      reasons: ["2 critical item(s) attested but not verified by an audit", "1 critical item(s) only attested: no audit check can prove them"],
      attestedOnly: [{ ref: "1.3" }],
    });
    expect(unproven.json.failing[0]).toMatchObject({ ref: "1.1", problem: "not-verified", detail: "attested, not verified by an audit (checks: check_deploy:W018)" });

    expect((await sh.run(`audit ingest check-deploy --text "${CLEAN}"`)).ok).toBe(true);
    expect(await gate("--require verified --max-age 24h")).toMatchObject({ ok: true, json: { verdict: "go", maxAge: "24h", failing: [] } });

    clock.advance(25 * 3_600_000);
    const stale = await gate("--require verified --max-age 24h");
    expect(stale.json.reasons[0]).toBe("2 critical item(s) with audit evidence older than 24h");
    expect(stale.json.failing[0]).toMatchObject({ ref: "1.1", problem: "stale", detail: "check_deploy:W018 last passed 2026-11-22 09:00Z (audit run 1)" });
    expect((await gate("--require verified --max-age 2d")).json.verdict).toBe("go");
    expect((await gate("--require verified")).json.verdict).toBe("go");

    // A later report where DEBUG is on re-opens the verified item: not done, and not passing.
    const debugOn = "System check identified some issues:\n\nWARNINGS:\n?: (security.W018) You should not have DEBUG set to True in deployment.\n\nSystem check identified 1 issue (0 silenced).";
    expect((await sh.run(`audit ingest check-deploy --text "${debugOn}"`)).ok).toBe(true);
    expect((await gate("--require verified")).json.failing).toEqual([expect.objectContaining({ ref: "1.1", problem: "not-done" })]);
  });

  it("a NO-GO decision stops the deploy; a GO override accepts only what stopped the launch then", async () => {
    const { sh, gate } = await setup();
    for (const line of ["check 1.1", "check 1.2", "check 1.3"]) await sh.run(line);
    await sh.run("nogo pen test found an open admin");
    expect((await gate()).json).toMatchObject({ verdict: "no-go", reasons: ["NO-GO decided by rita on 2026-11-22 09:00Z: pen test found an open admin"], decision: { verdict: "no-go", by: "rita" } });
    expect((await sh.run("go")).ok).toBe(true);
    expect((await gate()).json.verdict).toBe("go");

    await sh.run("uncheck 1.3 the restore failed");
    expect((await sh.run('go --override "CISO accepted the risk, SEC-12"')).ok).toBe(true);
    const accepted = await gate();
    expect(accepted.json).toMatchObject({ verdict: "go", failing: [], acceptedByOverride: [{ ref: "1.3", problem: "not-done" }] });
    expect(accepted.json.reasons).toEqual(["1 item(s) accepted by the GO override of rita on 2026-11-22 09:00Z: CISO accepted the risk, SEC-12"]);

    await sh.run("block 1.4 the favicon is missing");
    expect((await gate()).json).toMatchObject({ verdict: "no-go", failing: [{ ref: "1.4", problem: "blocked" }] });
  });

  it("records every gate decision as an event: who asked, from where, the verdict", async () => {
    const { sh, gate } = await setup();
    await gate("--require verified");
    const [event] = await db().query<{ kind: string; actor: string; surface: string; after: Record<string, unknown>; note: string }>(
      "select kind, actor, surface, after, note from events where kind = 'gate'",
    );
    expect(event).toMatchObject({
      kind: "gate",
      actor: "rita",
      surface: "shell",
      note: "NO-GO (require verified): 3 critical item(s) not done",
      after: { verdict: "no-go", require: "verified", maxAge: null, failing: ["1.1", "1.2", "1.3"], accepted: [], origin: { via: "shell", host: expect.any(String), conversation: "local" } },
    });
    const history = await sh.run("history --json");
    expect(JSON.parse(history.text).events[0]).toMatchObject({ kind: "gate", actor: "rita", surface: "shell", after: { verdict: "no-go" } });
  });

  it("refuses bad options with a clear message, as JSON with --json, and records nothing", async () => {
    const { sh } = await setup();
    const before = await snapshot(db());
    const cases: [string, RegExp][] = [
      ["gate --max-age 24h", /--max-age limits the age of audit evidence, so it needs --require verified/],
      ["gate --require proven", /--require must be attested or verified \(got "proven"\)/],
      ["gate --require verified --max-age 0h", /--max-age must be a duration like 30m, 24h, 7d or 2w \(got "0h"\)/],
      ["gate --require verified --max-age yesterday", /--max-age must be a duration/],
      ["gate --launch nope", /There is no launch "nope"/],
    ];
    for (const [line, message] of cases) {
      const r = await sh.run(line);
      expect(r.ok, line).toBe(false);
      expect(r.text, line).toMatch(message);
      const json = await sh.run(`${line} --json`);
      expect(JSON.parse(json.text).error, line).toMatchObject({ code: expect.stringMatching(/^(usage|not_found)$/), message: expect.stringMatching(message) });
    }
    expect(await snapshot(db())).toEqual(before);
  });
});
