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

describe.each(engines)("out-of-range and invisible input on %s", (engine) => {
  const db = useDatabase(engine);

  it("is refused with a clear message and nothing changes", async () => {
    const { services } = testServices(db());
    const rita = shellAs(services, "rita");
    await rita.run("launch create shop --checklist django-lms --date 2026-12-01");
    const before = await snapshot(db());
    const cases: [string, RegExp][] = [
      ["status --launch", /--launch needs a value/],
      ["check 1.1 --launch", /--launch needs a value/],
      ["status --launch=", /--launch needs a value/],
      ["status --launch --json", /--launch needs a value/],
      ["audit last --json=yes", /--json takes no value/],
      ["launch create old --checklist django-lms --date 1970-01-01", /--date: must be between 2000-01-01 and 2099-12-31/],
      ["launch create far --checklist django-lms --date 2999-01-01", /--date: must be between 2000-01-01 and 2099-12-31/],
      ["due 1.1 1970-01-01", /1970-01-01 is not a plausible due date/],
      ["skip 1.1 n/a --until 2999-01-01", /--until: must be between/],
    ];
    for (const [line, expected] of cases) {
      const r = await rita.run(line);
      expect(r.ok, line).toBe(false);
      expect(r.text, line).toMatch(expected);
      expect(await snapshot(db()), line).toEqual(before);
    }
  });

  it("stores notes and reasons without bidi or zero-width characters, with CR turned into LF", async () => {
    const { services } = testServices(db());
    const rita = shellAs(services, "rita");
    await rita.run("launch create shop --checklist django-lms --date 2026-12-01");
    const noted = await rita.run("note 1.1 \"safe\u202etxt.exe zero\u200bwidth\u200d joiner \u2066isolate\u2069 line\r\nnext\rlast \ufeff👨\u200d👩\u200d👧\"");
    expect(noted.ok, noted.text).toBe(true);
    await rita.run("block 1.2 \"waiting\u200f on\u202a vendor\"");
    const stored = JSON.stringify(await snapshot(db()));
    expect(stored).not.toMatch(/\\u202e|\\u200b|\\u2066|\\u2069|\\u200f|\\u202a|\\ufeff|\\r|\u202e|\u200b|\u2066|\u2069|\u200f|\u202a|\ufeff/);
    const [note] = await db().query<{ note: string }>("select note from events where kind = 'item.note'");
    expect(note!.note).toBe("safetxt.exe zerowidth joiner isolate line\nnext\nlast 👨\u200d👩\u200d👧");
    expect(stored).toContain("waiting on vendor");
  });
});
