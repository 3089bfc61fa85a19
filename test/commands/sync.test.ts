import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { engines, useDatabase } from "../helpers/db.js";
import { shellAs, testServices } from "../helpers/harness.js";

const v1 = `# Acme go-live

## Security
- [ ] DEBUG off <!-- golive: key=debug-off critical -->
- [ ] HSTS enabled
- [ ] Old item that will go away

## Backups
- [ ] Nightly backup
`;

// Reordered, one item renamed (annotated key keeps it), one removed, one added.
const v2 = `# Acme go-live

## Backups
- [ ] Nightly backup
- [ ] Restore drill passed

## Security
- [ ] HSTS enabled
- [ ] DEBUG = False in production <!-- golive: key=debug-off critical -->
`;

describe.each(engines)("checklist import and launch sync on %s", (engine) => {
  const db = useDatabase(engine);

  it("keeps the state of unchanged items, adds new ones, archives removed ones, and reports it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "golive-sync-"));
    const file = join(dir, "acme.md");
    writeFileSync(file, v1);
    const { services } = testServices(db());
    const sh = shellAs(services);
    expect((await sh.run(`checklist import ${file}`)).text).toMatch(/Imported acme: 4 items/);
    await sh.run("launch create acme-web --checklist acme --date 2026-12-01");
    await sh.run("check 1.1");
    await sh.run("check 1.2");
    await sh.run("check 1.3");

    writeFileSync(file, v2);
    expect((await sh.run(`checklist import ${file}`)).ok).toBe(true);
    const sync = await sh.run("launch sync");
    expect(sync.text).toMatch(/1 added, 1 archived, 1 changed, 2 kept/);
    expect(sync.text).toMatch(/Added:\n {2}1\.2 {2}Restore drill passed/);
    expect(sync.text).toMatch(/Archived:\n {2}1\.3 {2}Old item that will go away/);

    const list = await sh.run("list");
    expect(list.text).toMatch(/\[ \] 1\.1 +Nightly backup/);
    expect(list.text).toMatch(/\[ \] 1\.2 +Restore drill passed/);
    expect(list.text).toMatch(/\[x\] 2\.1 +HSTS enabled/);
    expect(list.text).toMatch(/\[x\] 2\.2 +DEBUG = False in production/);
    expect(list.text).not.toMatch(/Old item/);
    expect((await sh.run("history")).text).toMatch(/removed 1\.3 \(no longer in the checklist\)/);
    expect((await sh.run("launch sync")).text).toMatch(/0 added, 0 archived, 0 changed, 4 kept/);
  });

  it("lints and imports only from the local shell, and refuses a shipped id", async () => {
    const { services } = testServices(db());
    const sh = shellAs(services);
    expect((await sh.run("checklist import checklists/django-osce.md")).text).toMatch(/shipped with golive/);
    expect((await sh.run("checklist lint /no/such/file.md")).text).toMatch(/There is no file/);
    expect((await sh.run("checklist show django-production")).text).toMatch(/items, \d+ critical/);
  });
});
