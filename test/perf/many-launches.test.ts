// A thousand launches: `launch list` pages them 20 at a time, and a channel bound to none of
// them gets a short error that names at most 20 and says how to see the rest.
import { beforeEach, describe, expect, it } from "vitest";
import { engines, useDatabase } from "../helpers/db.js";
import { shellAs, testServices } from "../helpers/harness.js";

const LAUNCHES = 1000;

describe.each(engines)("a thousand launches on %s", (engine) => {
  const db = useDatabase(engine);
  let shell: ReturnType<typeof shellAs>;
  beforeEach(async () => {
    const { services } = testServices(db());
    shell = shellAs(services, "rita");
    await db().query(
      `insert into launches (name, checklist_id, checklist_title, launch_date, timezone, settings, created_by, created_at)
       select 'launch-' || lpad(n::text, 4, '0'), 'django-osce', 'Django OSCE', date '2026-12-01' + (n % 30), 'Europe/Berlin', '{}', 'rita', now()
       from generate_series(1, ${LAUNCHES}) n`,
    );
  });

  it("lists them a page of 20 at a time, with the way to the next page", async () => {
    const first = await shell.run("launch list");
    expect(first.text.split("\n").filter((l) => l.startsWith("launch-"))).toHaveLength(20);
    expect(first.text).toContain("Launches · page 1/50");
    expect(first.text).toContain("980 more — launch list --page 2");
    expect(first.text.length).toBeLessThan(2_000);
    const last = await shell.run("launch list --page 50");
    expect(last.text).toContain("Launches · page 50/50");
    expect(last.text).not.toContain("more —");
    expect(last.text.split("\n").filter((l) => l.startsWith("launch-"))).toHaveLength(20);
    expect((await shell.run("launch list --page 99")).text).toContain("page 50/50");
  });

  it("tells an unbound conversation how to choose, naming at most 20 launches", async () => {
    const answer = await shell.run("status");
    expect(answer.ok).toBe(false);
    expect(answer.text).toContain(`There are ${LAUNCHES} launches and none is chosen here.`);
    expect(answer.text.match(/launch-\d{4}/g)).toHaveLength(20);
    expect(answer.text).toContain("and 980 more (see `launch list --page 2`)");
    expect(answer.text.length).toBeLessThan(1_000);
  });
});
