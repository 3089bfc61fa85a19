import { describe, expect, it } from "vitest";
import { engines, useDatabase } from "../helpers/db.js";
import { shellAs, testServices } from "../helpers/harness.js";

describe.each(engines)("the README tour through the shell on %s", (engine) => {
  const db = useDatabase(engine);

  it("creates a launch, ticks items, shows status and history, decides", async () => {
    const { services, clock } = testServices(db(), "2026-11-22T09:00:00Z");
    const sh = shellAs(services, "rita");

    expect((await sh.run("checklist list")).text).toMatch(/django-osce/);
    const created = await sh.run("/golive launch create osce-prod --checklist django-osce --date 2026-12-01 --tz Europe/London");
    expect(created.ok).toBe(true);
    expect(created.text).toMatch(/157 items/);
    expect((await sh.run("launch use osce-prod")).text).toMatch(/Using launch osce-prod/);

    const before = await sh.run("status");
    expect(before.text).toMatch(/0\/157 \(0%\)/);
    expect(before.text).toMatch(/pre-launch \(9 day\(s\) to launch\)/);
    expect(before.text).toMatch(/NO-GO/);

    const checked = await sh.run("check 1.1.1 installed PG 15 on db01");
    expect(checked.text).toMatch(/1\.1\.1 checked/);
    expect((await sh.run("check 1.1.1")).text).toMatch(/already done/);
    expect((await sh.run("status")).text).toMatch(/1\/157 \(0%\)/);

    expect((await sh.run("block 1.2 waiting for the DBA")).text).toMatch(/\[!\] 1\.2 .*blocked: waiting for the DBA/);
    expect((await sh.run("status")).text).toMatch(/1 item\(s\) blocked/);
    expect((await sh.run("unblock 1.2")).text).toMatch(/1\.2 unblocked/);
    expect((await sh.run("skip 1.1.2 managed service does this --until 2026-11-25")).text).toMatch(/skipped until 2026-11-25/);
    expect((await sh.run("assign 1.1.3 @bob")).text).toMatch(/assigned to bob/);
    expect((await sh.run("due 1.1.3 T-3d")).text).toMatch(/due 2026-11-28/);
    expect((await sh.run("note 1.1.3 pgbouncer config in ops repo")).ok).toBe(true);

    const history = await sh.run("history 1.1.1");
    // In words, the reason once, no internal names; times in the launch's timezone.
    expect(history.text).toMatch(/^2026-11-22 09:00 {2}@rita checked 1\.1\.1 — installed PG 15 on db01$/m);
    expect(history.text).not.toMatch(/item\.check|doneKind|state:/);
    const all = await sh.run("history");
    expect(all.text).toMatch(/@rita created the launch for 2026-12-01 \(157 items\)/);
    expect(all.text).toMatch(/@rita added a note to 1\.1\.3 — pgbouncer config in ops repo/);
    expect(all.text).toMatch(/@rita blocked 1\.2 — waiting for the DBA$/m);

    expect((await sh.run("list --mine")).text).toMatch(/No items/);
    expect((await shellAs(services, "bob").run("list --mine")).text).toMatch(/1\.1\.3/);

    // A waiver that ends re-opens its item.
    clock.set("2026-11-26T09:00:00Z");
    expect((await sh.run("list 1 --skipped")).text).toMatch(/No items/);
    expect((await sh.run("history 1.1.2")).text).toMatch(/@golive re-opened 1\.1\.2 — waiver ended 2026-11-25/);
    expect((await sh.run("list --overdue")).text).toMatch(/No items/);
    clock.set("2026-11-29T09:00:00Z");
    expect((await sh.run("list --overdue")).text).toMatch(/1\.1\.3 .*OVERDUE/);

    const refused = await sh.run("go");
    expect(refused.ok).toBe(false);
    expect(refused.text).toMatch(/Go refused: \d+ critical item\(s\) not done/);
    expect(refused.text).toMatch(/^… \d+ more: list --attention shows them all$/m);
    const forced = await sh.run('go --override "CISO accepted the risk, SEC-12"');
    expect(forced.ok).toBe(true);
    expect(forced.visibility).toBe("public");
    const decisions = await db().query<{ kind: string; note: string; after: { readiness: { verdict: string } } }>(
      "select kind, note, after from events where kind like 'decision.%'",
    );
    expect(decisions).toEqual([expect.objectContaining({ kind: "decision.go", note: "CISO accepted the risk, SEC-12" })]);
    expect(decisions[0]!.after.readiness.verdict).toBe("no-go");
    // The decision is visible where people look, not only in history.
    const decided = "GO by @rita, 2026-11-29 09:00, override: CISO accepted the risk, SEC-12";
    expect((await sh.run("status")).text).toContain(`Decision: ${decided}`);
    expect((await sh.run("launch show")).text).toMatch(new RegExp(`Decision:\\s+${decided.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
  });

  it("finds an item by words, and lists the candidates when the words are ambiguous", async () => {
    const { services } = testServices(db());
    const sh = shellAs(services);
    await sh.run("launch create shop --checklist django-lms --date 2026-12-01");
    const ambiguous = await sh.run("check secure");
    expect(ambiguous.ok).toBe(false);
    expect(ambiguous.text).toMatch(/matches \d+ items; nothing was changed/);
    expect(ambiguous.text).toMatch(/^1\.\d+ {2}/m);
    const found = await sh.run("check debug false");
    expect(found.ok).toBe(true);
    expect(found.text).toMatch(/DEBUG = False/);
  });

  it("refuses a launch date in the past unless --allow-past, and counts +14d from today", async () => {
    const { services } = testServices(db(), "2026-11-22T23:30:00Z");
    const sh = shellAs(services);
    // 23:30 UTC is already the 23rd in Tokyo: "today" is the launch's own.
    const past = await sh.run("launch create old --checklist django-lms --date 2026-11-22 --tz Asia/Tokyo");
    expect(past.ok).toBe(false);
    expect(past.text).toMatch(/--date 2026-11-22 is in the past \(today is 2026-11-23\); nothing was created/);
    expect(past.text).toMatch(/--allow-past/);
    expect((await sh.run("launch list")).text).not.toMatch(/old/);
    expect((await sh.run("launch create old --checklist django-lms --date 2026-11-22 --tz Asia/Tokyo --allow-past")).ok).toBe(true);
    const relative = await sh.run("launch create soon --checklist django-lms --date +14d --tz Asia/Tokyo");
    expect(relative.text).toMatch(/launching 2026-12-07 \(Asia\/Tokyo\)/);
    expect((await sh.run("launch create later --checklist django-lms --date +2w")).text).toMatch(/launching 2026-12-06 \(UTC\)/);
    expect((await sh.run("launch create bad --checklist django-lms --date +14x")).ok).toBe(false);
  });

  it("uses the only launch without `launch use`, and asks which one when there are several", async () => {
    const { services } = testServices(db());
    const sh = shellAs(services);
    expect((await sh.run("status")).text).toMatch(/There is no launch yet/);
    await sh.run("launch create one --checklist django-lms --date 2026-12-01");
    expect((await sh.run("status")).ok).toBe(true);
    await sh.run("launch create two --checklist django-lms --date 2026-12-02");
    const which = await sh.run("status");
    expect(which.ok).toBe(false);
    expect(which.text).toMatch(/launch use <name>.*one, two/s);
    expect((await sh.run("status --launch two")).text).toMatch(/^two ·/);
  });

  it("enforces roles: viewers read, members change items, release managers decide", async () => {
    const { services } = testServices(db());
    const rm = shellAs(services, "rita");
    await rm.run("launch create shop --checklist django-lms --date 2026-12-01");
    const vic = shellAs(services, "vic");
    expect((await vic.run("status")).ok).toBe(true);
    const refused = await vic.run("check 1.1");
    expect(refused.ok).toBe(false);
    expect(refused.text).toMatch(/`check` needs the member role on shop; you are a viewer/);
    expect(refused.text).toMatch(/role grant @you member/);
    await rm.run("role grant @vic member");
    expect((await vic.run("check 1.1")).ok).toBe(true);
    expect((await vic.run("nogo not today")).text).toMatch(/needs the release-manager role/);
    expect((await vic.run("role grant @vic release-manager")).ok).toBe(false);
    expect((await rm.run("role list")).text).toMatch(/rita\s+release-manager[\s\S]*vic\s+member/);
    const last = await rm.run("role grant @rita viewer");
    expect(last.text).toMatch(/last release manager/);
  });

  it("archives a launch: readable, not changeable", async () => {
    const { services } = testServices(db());
    const sh = shellAs(services);
    await sh.run("launch create shop --checklist django-lms --date 2026-12-01");
    expect((await sh.run("launch archive")).ok).toBe(true);
    expect((await sh.run("status --launch shop")).ok).toBe(true);
    expect((await sh.run("check 1.1 --launch shop")).text).toMatch(/archived/);
    expect((await sh.run("launch list")).text).toMatch(/No launches yet/);
    expect((await sh.run("launch list --all")).text).toMatch(/shop .*archived/);
  });

  it("generates help from the registry", async () => {
    const { services } = testServices(db());
    const sh = shellAs(services);
    const help = await sh.run("help");
    for (const name of ["status", "check <ref|words>", "launch create", "role grant", "checklist lint"]) expect(help.text).toContain(name);
    expect((await sh.run("help skip")).text).toMatch(/--until YYYY-MM-DD[\s\S]*Examples:/);
    expect((await sh.run("help nothing")).ok).toBe(false);
  });
});
