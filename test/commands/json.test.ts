// `--json` on the query commands: the documented shapes, built from data; errors as JSON too.
import { describe, expect, it } from "vitest";
import { engines, useDatabase } from "../helpers/db.js";
import { shellAs, testServices } from "../helpers/harness.js";

describe.each(engines)("--json on %s", (engine) => {
  const db = useDatabase(engine);

  async function setup() {
    const { services } = testServices(db(), "2026-11-22T09:00:00Z");
    const sh = shellAs(services, "rita");
    await sh.run("launch create shop --checklist django-lms --date 2026-12-01 --tz Europe/London");
    await sh.run("check 1.1 set in prod.env");
    await sh.run("block 1.2 waiting for the DBA");
    const json = async (line: string) => {
      const r = await sh.run(line);
      expect(r.format, line).toBe("json");
      return { ok: r.ok, value: JSON.parse(r.text) };
    };
    return { sh, json };
  }

  it("status --json: the readiness, sections, item lists, last audit and decision", async () => {
    const { json } = await setup();
    const { ok, value } = await json("status --json");
    expect(ok).toBe(true);
    expect(value).toMatchObject({
      launch: "shop",
      launchDate: "2026-12-01",
      timezone: "Europe/London",
      section: null,
      phase: "pre-launch",
      today: "2026-11-22",
      verdict: "no-go",
      counts: { total: 141, done: 1, attested: 1, verified: 0, blocked: 1 },
      lastAudit: null,
      decision: null,
    });
    expect(value.reasons).toEqual([expect.stringMatching(/critical item\(s\) not done/), "1 item(s) blocked"]);
    expect(value.blocked).toEqual([
      expect.objectContaining({ ref: "1.2", state: "blocked", reason: "waiting for the DBA", critical: true, overdue: false, key: expect.any(String), section: "1" }),
    ]);
    expect(value.sections[0]).toEqual(expect.objectContaining({ ref: expect.any(String), title: expect.any(String), done: expect.any(Number), total: expect.any(Number) }));
    expect((await json("status 1 --json")).value.section).toMatchObject({ ref: "1" });
  });

  it("list --json: every matching item, or one page when asked", async () => {
    const { json } = await setup();
    const all = (await json("list --json")).value;
    expect(all).toMatchObject({ launch: "shop", section: null, filters: [], total: 141 });
    expect(all.items).toHaveLength(141);
    expect(all.page).toBeUndefined();
    const done = (await json("list 1 --done --json")).value;
    expect(done).toMatchObject({ section: "1", filters: ["done"], total: 1, items: [{ ref: "1.1", state: "done", doneKind: "attested" }] });
    const page = (await json("list --json --page 8")).value;
    expect(page).toMatchObject({ total: 141, page: 8, pages: 8 });
    expect(page.items).toHaveLength(1);
  });

  it("history --json: raw events, newest first, with paging", async () => {
    const { json } = await setup();
    const launch = (await json("history --json")).value;
    expect(launch).toMatchObject({ launch: "shop", item: null, page: 1, pages: 1, total: 3 });
    expect(launch.events[0]).toMatchObject({ kind: "item.block", actor: "rita", surface: "shell", item: { ref: "1.2" }, before: { state: "open" }, after: { state: "blocked", reason: "waiting for the DBA" } });
    expect(launch.events[0].at).toBe("2026-11-22T09:00:00.000Z");
    const item = (await json("history 1.1 --json")).value;
    expect(item).toMatchObject({ item: { ref: "1.1" }, total: 1, events: [{ kind: "item.check", note: "set in prod.env" }] });
  });

  it("launch show --json and jobs --json", async () => {
    const { sh, json } = await setup();
    await sh.run("launch use shop");
    expect((await json("launch show --json")).value).toMatchObject({
      name: "shop",
      launchDate: "2026-12-01",
      phase: "pre-launch",
      checklist: { id: "django-lms" },
      url: null,
      conversations: [{ surface: "shell", conversation: "local" }],
      releaseManagers: ["rita"],
      yourRole: "release-manager",
      archivedAt: null,
    });
    const jobs = (await json("jobs --json")).value;
    expect(jobs).toMatchObject({ launch: "shop", timezone: "Europe/London" });
    expect(jobs.jobs).toContainEqual(expect.objectContaining({ name: "readiness-post", schedule: "0 9 * * *", custom: false, next: "2026-11-24T09:00:00.000Z", last: null }));
  });

  it("a --json command prints JSON when it fails too", async () => {
    const { json } = await setup();
    for (const [line, code] of [
      ["status 99 --json", "not_found"],
      ["list --page zero --json", "usage"],
      ["history 99.9 --json", "not_found"],
      ["statsu --json", "usage"],
      ["checklist lint missing.md --json", "not_found"],
      ['status "unclosed --json', "usage"],
    ] as const) {
      const { ok, value } = await json(line);
      expect(ok, line).toBe(false);
      expect(value, line).toEqual({ error: { code, message: expect.any(String), ...(value.error.hint ? { hint: expect.any(String) } : {}) } });
    }
  });
});

describe.each(engines)("tab completion on %s", (engine) => {
  const db = useDatabase(engine);

  it("completes commands, subcommands, flags, item and section refs, launch names and job names", async () => {
    const { services } = testServices(db(), "2026-11-22T09:00:00Z");
    const sh = shellAs(services, "rita");
    await sh.run("launch create shop --checklist django-lms --date 2026-12-01");
    await sh.run("launch create shed --checklist django-osce --date 2026-12-01");
    await sh.run("launch use shop");
    const { createShellSession } = await import("../../src/adapters/shell/shell.js");
    const { commands } = await import("../../commands/index.js");
    const session = createShellSession(commands, services, "rita");
    expect(await session.complete("sta")).toEqual(["status"]);
    expect(await session.complete("ex")).toEqual(["exit"]);
    expect(await session.complete("launch ")).toEqual(["archive", "create", "list", "set", "show", "start", "sync", "use"]);
    expect(await session.complete("jobs ")).toEqual(["history", "run"]);
    expect(await session.complete("jobs run readiness")).toEqual(["readiness-post"]);
    expect(await session.complete("list --o")).toEqual(["--open", "--overdue"]);
    expect(await session.complete("gate --")).toEqual(["--json", "--launch", "--max-age", "--public", "--require"]);
    expect(await session.complete("gate --require ")).toEqual(["attested", "verified"]);
    expect(await session.complete("status --launch sh")).toEqual(["shed", "shop"]);
    expect(await session.complete("launch use sh")).toEqual(["shed", "shop"]);
    const refs = JSON.parse((await sh.run("list --json")).text).items.map((i: { ref: string }) => i.ref) as string[];
    expect(await session.complete("check 1.1")).toEqual(refs.filter((r) => r.startsWith("1.1")).sort());
    expect(await session.complete("check 1.1")).toContain("1.10");
    expect(await session.complete("check --launch shed 1.1.")).toEqual(["1.1.1", "1.1.2", "1.1.3", "1.1.4", "1.1.5"]);
    expect(await session.complete("status 1")).toEqual(expect.arrayContaining(["1", "10"]));
    expect(await session.complete("launch create x --checklist django-o")).toEqual(["django-osce"]);
    expect(await session.complete("help che")).toEqual(["check", "checklist"]);
    expect(await session.complete("nothing ")).toEqual([]);
  });
});
