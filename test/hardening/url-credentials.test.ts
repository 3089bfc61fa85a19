import { readFileSync, symlinkSync, mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { engines, snapshot, useDatabase } from "../helpers/db.js";
import { shellAs, testServices } from "../helpers/harness.js";

const migration = readFileSync(new URL("../../src/storage/migrations/009_redact_url_credentials.sql", import.meta.url), "utf8");
const dir = mkdtempSync(join(tmpdir(), "golive-files-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(engines)("credentials in a site URL on %s", (engine) => {
  const db = useDatabase(engine);

  it("are refused on every URL option, and nothing is stored", async () => {
    const { services } = testServices(db());
    const rita = shellAs(services, "rita");
    const create = await rita.run("launch create shop --checklist django-lms --date 2026-12-01 --url https://admin:SiteP4ss@shop.example.com");
    expect(create.ok).toBe(false);
    expect(create.text).toMatch(/--url: must not contain a user name or password/);
    expect(create.text).not.toContain("SiteP4ss");
    await rita.run("launch create shop --checklist django-lms --date 2026-12-01");
    const before = await snapshot(db());
    for (const line of ["launch set --url https://admin:SiteP4ss@shop.example.com", "launch set --url https://admin@shop.example.com", "launch set --url https://shop.example.com --http-url http://admin:SiteP4ss@shop.example.com"]) {
      const r = await rita.run(line);
      expect(r.ok, line).toBe(false);
      expect(r.text, line).toMatch(/must not contain a user name or password/);
      expect(r.text, line).not.toContain("SiteP4ss");
      expect(await snapshot(db()), line).toEqual(before);
    }
  });

  it("already stored are removed by migration 009 from the launch, its events, audits and outbox", async () => {
    const { services } = testServices(db());
    const rita = shellAs(services, "rita");
    await rita.run("launch create shop --checklist django-lms --date 2026-12-01");
    await rita.run("launch set --url https://shop.example.com/app/");
    const secret = "https://admin:SiteP4ss@shop.example.com/app/";
    await db().query("update launches set url = $1, settings = jsonb_set(settings, '{target,url}', to_jsonb($1::text))", [secret]);
    await db().query("update events set after = jsonb_build_object('url', $1::text), note = $2", [secret, `moved to ${secret} and http://u@x.example`]);
    await db().exec(migration);
    const all = JSON.stringify(await snapshot(db()));
    expect(all).not.toContain("SiteP4ss");
    expect(all).not.toContain("admin:");
    expect(all).not.toContain("u@x.example");
    expect(all).toContain("https://shop.example.com/app/");
    const show = await rita.run("launch show");
    expect(show.text).toContain("https://shop.example.com/app/");
  });
});

describe.each(engines)("shell-only file reads on %s", (engine) => {
  const db = useDatabase(engine);

  it("refuse /proc, /sys and devices (also through a symlink) and never echo a file that is not a report", async () => {
    const { services } = testServices(db());
    const rita = shellAs(services, "rita");
    await rita.run("launch create shop --checklist django-lms --date 2026-12-01");
    const link = join(dir, `innocent-${engine}.txt`);
    symlinkSync("/proc/self/environ", link);
    const before = await snapshot(db());
    for (const path of ["/proc/self/environ", "/proc/self/cmdline", "/sys/kernel/hostname", "/dev/zero", link]) {
      const r = await rita.run(`audit ingest check-deploy ${path}`);
      expect(r.ok, path).toBe(false);
      expect(r.text, path).toMatch(/is a system file; golive reads only ordinary files|There is no file/);
      expect(r.text, path).not.toMatch(/PATH=|HOME=|xoxb-/);
    }
    for (const path of ["/proc/self/environ", "/dev/stdin"]) {
      expect((await rita.run(`checklist lint ${path}`)).text, path).toMatch(/system file|There is no file/);
    }
    const notAReport = join(dir, "env.txt");
    writeFileSync(notAReport, "SLACK_BOT_TOKEN=xoxb-1234-abcdef\nSystem check identified some issues:\nWARNINGS:\nSECRET=hunter2hunter2\n");
    const r = await rita.run(`audit ingest check-deploy ${notAReport}`);
    expect(r.ok).toBe(false);
    expect(r.text).not.toMatch(/xoxb-|hunter2/);
    expect(await snapshot(db())).toEqual(before);
  });
});
