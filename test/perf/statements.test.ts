// How many SQL statements one command costs, counted on the database handle the server uses,
// through real signed Slack requests. `status` must stay small and constant whatever the
// number of items (README: "Speed under load").
import { afterEach, describe, expect, it } from "vitest";
import { launchesRepo } from "../../src/storage/launches-repo.js";
import { createBigLaunch, countingDatabase } from "../helpers/big-launch.js";
import { engines, useDatabase } from "../helpers/db.js";
import { testServices } from "../helpers/harness.js";
import { blockText, CHANNEL, RITA, startSlack } from "../adapters/slack/slack-harness.js";

// The issue (#16) asks for at most 4; what golive does now is kept: 3 the first time, 1 when nothing changed.
const MAX_STATUS_STATEMENTS = 3;
const WARM_STATUS_STATEMENTS = 1;

describe.each(engines)("statements per command on %s", (engine) => {
  const db = useDatabase(engine);
  let h: Awaited<ReturnType<typeof startSlack>> | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  async function serve(items: number) {
    const counter = countingDatabase(db());
    await createBigLaunch(testServices(db()).services, { name: `big${items}`, items, done: Math.floor(items / 3), user: RITA });
    h = await startSlack(counter.db);
    const slash = async (text: string) => {
      counter.take();
      const answer = await h!.slash(text, RITA, CHANNEL);
      expect(answer.status).toBe(200);
      const body = answer.json() as { text: string; blocks: unknown[] };
      return { statements: counter.take(), text: `${body.text}\n${blockText(body.blocks)}` };
    };
    expect((await slash(`launch use big${items}`)).text).toMatch(/Using launch/);
    return slash;
  }

  it(`answers status in at most ${MAX_STATUS_STATEMENTS} statements (${WARM_STATUS_STATEMENTS} when nothing changed), the same for 30 and 300 items`, async () => {
    const counts: Record<number, number[]> = {};
    for (const items of [30, 300]) {
      const slash = await serve(items);
      const first = await slash("status");
      expect(first.text).toContain(`${Math.floor(items / 3)}/${items}`);
      const again = await slash("status");
      counts[items] = [first.statements, again.statements];
      await h!.close();
      h = undefined;
    }
    console.log(`${engine}: status statements (first, again) by item count`, counts);
    expect(counts[30]).toEqual(counts[300]);
    for (const [first, again] of Object.values(counts)) {
      expect(first).toBeLessThanOrEqual(MAX_STATUS_STATEMENTS);
      expect(again).toBe(WARM_STATUS_STATEMENTS);
    }
  });

  it("answers status with a check just made in the statements' budget, and shows it", async () => {
    const slash = await serve(300);
    await slash("status");
    const check = await slash("check 11.1");
    expect(check.text).toMatch(/11\.1/);
    // Duplicate check, launch, the change's transaction (begin, lock, update, event, outbox, commit) and the rows it answers from: 10 (was 15).
    expect(check.statements).toBeLessThanOrEqual(10);
    const after = await slash("status");
    expect(after.text).toContain("101/300");
    expect(after.statements).toBeLessThanOrEqual(MAX_STATUS_STATEMENTS);
  });

  it("lists open items and history in a few statements", async () => {
    const slash = await serve(300);
    const list = await slash("list --open");
    expect(list.text).toMatch(/page 1\/10/);
    expect(list.statements).toBeLessThanOrEqual(MAX_STATUS_STATEMENTS);
  });

  it("shares one statement among lookups made while others are in flight; a request id twice in it is fresh once", async () => {
    await serve(30);
    const counter = countingDatabase(db());
    const at = new Date(Date.UTC(2030, 0, 1));
    const lookup = (key: string) => launchesRepo.resolve(counter.db, { surface: "slack", conversation: CHANNEL, principal: RITA, claim: { key, at } });
    counter.take();
    // Two run at once, alone; the 38 made meanwhile go together in a third statement.
    const keys = Array.from({ length: 40 }, (_, i) => (i === 39 ? "command:t5" : `command:t${i}`));
    const answers = await Promise.all(keys.map(lookup));
    expect(counter.take()).toBe(3);
    expect(answers.every((a) => a.found?.launch.name === "big30")).toBe(true);
    expect(answers.map((a) => a.fresh)).toEqual(keys.map((_, i) => i !== 39));
    // Re-sent later: not fresh; a new id is.
    expect((await lookup("command:t7")).fresh).toBe(false);
    expect((await lookup("command:t40")).fresh).toBe(true);
  });

  it("runs a command sent twice at once exactly once", async () => {
    await serve(300);
    const body = h!.slashBody("check 11.2", RITA, CHANNEL);
    const both = await Promise.all([h!.signed(body, "application/x-www-form-urlencoded"), h!.signed(body, "application/x-www-form-urlencoded")]);
    await h!.slack.idle();
    const texts = both.map((answer) => answer.text);
    expect(texts.filter((text) => text === "")).toHaveLength(1);
    expect(texts.find((text) => text !== "")).toMatch(/11\.2/);
    const [row] = await db().query<{ n: number }>("select count(*)::int as n from events where kind = 'item.check' and item_key = (select key from items where ref = '11.2' and launch_id = (select id from launches where name = 'big300'))");
    expect(row!.n).toBe(1);
  });
});
