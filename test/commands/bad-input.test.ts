import { describe, expect, it } from "vitest";
import { engines, snapshot, useDatabase } from "../helpers/db.js";
import { shellAs, testServices } from "../helpers/harness.js";

const cases: [string, string, RegExp][] = [
  ["rita", "frobnicate", /Unknown command `frobnicate`/],
  ["rita", "chek 1.1", /Did you mean `check`/],
  ["rita", "launch", /needs a subcommand/],
  ["rita", "check", /<target> is missing|name the item/],
  ["rita", "check 99.1", /There is no item 99\.1/],
  ["rita", "check 1", /1 is a section, not an item/],
  ["rita", "check zebra unicorn", /No item matches "zebra unicorn"/],
  ["rita", "check secure", /matches \d+ items; nothing was changed/],
  ["rita", "block 1.1", /Reason is missing/],
  ["rita", "block debug false waiting", /put its words in quotes/],
  ["rita", "skip 1.1 n/a --until 2026-02-30", /--until: must be a date written YYYY-MM-DD/],
  ["rita", "skip 1.1 n/a --until 2026-01-01", /is in the past/],
  ["rita", "due 1.1 someday", /"someday" is not a date/],
  ["rita", "assign 1.1 <script>", /does not know anyone called "<script>"[\s\S]*assign 1\.1 @name/],
  ["rita", "list --sideways", /has no option --sideways/],
  ["rita", "list --page 0", /--page: must be 1 or more/],
  ["rita", "status --launch ghost", /There is no launch "ghost"/],
  ["rita", "launch create Bad_Name --checklist django-lms --date 2026-12-01", /<name>: use 1–48 lowercase letters/],
  ["rita", "launch create x --checklist django-lms --date 12/01/2026", /--date: must be a date written YYYY-MM-DD/],
  ["rita", "launch create x --checklist django-lms --date 2026-12-01 --tz Mars/Olympus", /--tz: is not a timezone/],
  ["rita", "launch create x --checklist django-lms --date 2026-12-01 --url http://insecure.example", /--url: must be an https:\/\/ URL/],
  ["rita", "launch create x --checklist nope --date 2026-12-01", /There is no checklist "nope"/],
  ["rita", "launch create shop --checklist django-lms --date 2026-12-01", /already exists/],
  ["rita", `note 1.1 ${"x".repeat(2001)}`, /longer than 2000 characters/],
  ["rita", `note 1.1 ${"x".repeat(5000)}`, /limit is 4000/],
  ["rita", "note 1.1 bell\u0007", /control characters/],
  ["rita", 'note "1.1 unclosed', /quote \(" \) is not closed|is not closed/],
  ["rita", "go", /Go refused/],
  ["rita", "role grant @bob emperor", /<role>: must be release-manager, member or viewer/],
  ["vic", "check 1.1", /needs the member role on shop; you are a viewer/],
  ["vic", "go --override because", /needs the release-manager role/],
  ["vic", "launch archive", /needs the release-manager role/],
];

describe.each(engines)("bad input on %s", (engine) => {
  const db = useDatabase(engine);

  it("gets a clear answer, no stack trace, and the database stays byte-for-byte the same", async () => {
    const { services } = testServices(db());
    const rita = shellAs(services, "rita");
    await rita.run("launch create shop --checklist django-lms --date 2026-12-01");
    const users = { rita, vic: shellAs(services, "vic") };
    const before = await snapshot(db());
    for (const [user, line, expected] of cases) {
      const r = await users[user as keyof typeof users].run(line);
      expect(r.ok, line).toBe(false);
      expect(r.text, line).toMatch(expected);
      expect(r.text, line).not.toMatch(/\n\s+at .*:\d+:\d+/);
      expect(await snapshot(db()), line).toEqual(before);
    }
  });
});
