import { describe, expect, it } from "vitest";
import { engines, useDatabase } from "../helpers/db.js";
import { shellAs, testServices } from "../helpers/harness.js";

describe.each(engines)("concurrent changes on %s", (engine) => {
  const db = useDatabase(engine);

  it("two concurrent checks of one item give one transition and one event", async () => {
    const { services } = testServices(db());
    const rita = shellAs(services, "rita");
    await rita.run("launch create shop --checklist django-lms --date 2026-12-01");
    await rita.run("role grant @bob member");
    const bob = shellAs(services, "bob");
    for (const ref of ["1.1", "1.2", "1.3", "1.4", "1.5"]) {
      const replies = await Promise.all([rita.run(`check ${ref}`), bob.run(`check ${ref}`), rita.run(`check ${ref}`)]);
      expect(replies.every((r) => r.ok)).toBe(true);
      expect(replies.filter((r) => /checked\./.test(r.text))).toHaveLength(1);
      expect(replies.filter((r) => /already done/.test(r.text))).toHaveLength(2);
    }
    const events = await db().query<{ n: number }>("select count(*)::int as n from events where kind = 'item.check'");
    expect(events[0]!.n).toBe(5);
    const done = await db().query<{ n: number }>("select count(*)::int as n from items where state = 'done'");
    expect(done[0]!.n).toBe(5);
  });
});
