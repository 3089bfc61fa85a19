import { describe, expect, it } from "vitest";
import { engines, snapshot, useDatabase } from "../helpers/db.js";
import { shellAs, testServices } from "../helpers/harness.js";

describe.each(engines)("a mistyped ref on %s", (engine) => {
  const db = useDatabase(engine);

  it("is refused with the closest refs, and never ticks another item", async () => {
    const { services } = testServices(db());
    const rita = shellAs(services, "rita");
    await rita.run("launch create shop --checklist django-lms --date 2026-12-01");
    const before = await snapshot(db());
    const cases: [string, RegExp][] = [
      ["check 1..2", /"1\.\.2" is not a valid ref; nothing was changed[\s\S]*Did you mean 1\.2\b/],
      ["check 1.2.", /"1\.2\." is not a valid ref[\s\S]*Did you mean 1\.2\b/],
      ["check .1.2", /"\.1\.2" is not a valid ref[\s\S]*1\.2\b/],
      ["check 1,2", /"1,2" is not a valid ref[\s\S]*1\.2\b/],
      ["check 2..2..2", /"2\.\.2\.\.2" is not a valid ref[\s\S]*Did you mean [^?]*\b2\.2\b/],
      ["block 1..2 waiting on vendor", /"1\.\.2" is not a valid ref/],
      ["note 1.2. looked at it", /"1\.2\." is not a valid ref/],
      ["history 1..2", /"1\.\.2" is not a valid ref/],
      ["check 1 2", /1 is a section, not an item/],
    ];
    for (const [line, expected] of cases) {
      const r = await rita.run(line);
      expect(r.ok, line).toBe(false);
      expect(r.text, line).toMatch(expected);
      expect(await snapshot(db()), line).toEqual(before);
    }
    const ok = await rita.run("check 1.2");
    expect(ok.ok).toBe(true);
  });
});
