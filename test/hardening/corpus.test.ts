// The malformed-input corpus (#15): every line through the shell, as a viewer (nothing may
// change) and as a member (a refused line changes nothing; an accepted one changes only the
// item it names, with an event).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Database } from "../../src/storage/database.js";
import { engines, snapshot, useDatabase } from "../helpers/db.js";
import { shellAs, testServices } from "../helpers/harness.js";

const corpus = readFileSync(new URL("../fixtures/corpus/malformed-commands.txt", import.meta.url), "utf8")
  .split("\n")
  .filter((line) => line !== "" && !line.startsWith("#"));

async function fingerprint(db: Database) {
  const [row] = await db.query<{ events: number; launches: string; roles: string }>(
    "select (select count(*) from events) as events, (select coalesce(string_agg(l::text, '|' order by id), '') from launches l) as launches, (select coalesce(string_agg(r::text, '|' order by principal), '') from roles r) as roles",
  );
  const items = await db.query<{ ref: string; row: string }>("select ref, i::text as row from items i order by key");
  return { ...row!, items: new Map(items.map((i) => [i.ref, i.row])) };
}

describe.each(engines)("the malformed-input corpus on %s", (engine) => {
  const db = useDatabase(engine);

  it("has at least 1,000 lines", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(1_000);
  });

  it("as a viewer: every line is answered without a stack trace and the database is unchanged", { timeout: 600_000 }, async () => {
    const { services } = testServices(db());
    const rita = shellAs(services, "rita");
    await rita.run("launch create shop --checklist django-lms --date 2026-12-01");
    await rita.run("role grant vic viewer");
    const vic = shellAs(services, "vic");
    const before = await snapshot(db());
    for (const line of corpus) {
      const r = await vic.run(line);
      expect(r.text, line).not.toMatch(/\n\s+at .*:\d+:\d+|Something went wrong on our side/);
    }
    expect(await snapshot(db())).toEqual(before);
  });

  it("as a member: a refused line changes nothing; an accepted one changes only the item it names, with an event", { timeout: 600_000 }, async () => {
    const { services } = testServices(db());
    const rita = shellAs(services, "rita");
    await rita.run("launch create shop --checklist django-lms --date 2026-12-01");
    await rita.run("role grant bob member");
    const bob = shellAs(services, "bob");
    let accepted = 0;
    for (const line of corpus) {
      const before = await fingerprint(db());
      const r = await bob.run(line);
      expect(r.text, line).not.toMatch(/\n\s+at .*:\d+:\d+|Something went wrong on our side/);
      const after = await fingerprint(db());
      const changed = [...after.items].filter(([ref, row]) => before.items.get(ref) !== row).map(([ref]) => ref);
      if (!r.ok) {
        expect({ ...after, items: changed }, line).toEqual({ ...before, items: [] });
        continue;
      }
      accepted++;
      expect(after.launches, line).toBe(before.launches);
      expect(after.roles, line).toBe(before.roles);
      if (changed.length > 0) {
        expect(after.events, line).toBeGreaterThan(before.events);
        expect(changed.length, line).toBe(1);
        const named = line.split(/\s+/)[1] ?? "";
        if (/^\d+(\.\d+)*$/.test(named)) expect(changed, line).toEqual([named]);
        // A mistyped ref (1..2, 1.2.) never changes an item.
        else expect(/^[\d.,:;/_-]*\d[\d.,:;/_-]*$/.test(named), `${line} changed ${changed.join(", ")}`).toBe(false);
      }
    }
    // Reads (list, status, help…) are accepted; almost everything else is refused.
    expect(accepted).toBeLessThan(corpus.length / 2);
  });
});
