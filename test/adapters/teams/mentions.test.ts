import { afterEach, describe, expect, it } from "vitest";
import type { JobContext } from "../../../src/jobs/job.js";
import { createDispatcher } from "../../../src/jobs/dispatcher.js";
import { readinessPostJob } from "../../../src/jobs/readiness-post.js";
import { launchesRepo } from "../../../src/storage/launches-repo.js";
import { assertValidCard } from "../../helpers/adaptive-cards.js";
import { engines, useDatabase } from "../../helpers/db.js";
import { type Activity, BOB, BOB_TEAMS_ID, cardOf, cardText, channelMessage, connector, startTeams, type TeamsTestApp } from "./teams-harness.js";

const bobMention = { type: "mention", text: "<at>Bob Builder</at>", mentioned: { id: BOB, name: "Bob Builder" } };

describe.each(engines)("Teams posts mention the people they notify, on %s", (engine) => {
  const db = useDatabase(engine);
  let app: TeamsTestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  /** A launch bound to the channel, Bob known by name (he wrote once), and the outbox delivered to Teams. */
  async function setUp() {
    app = await startTeams(db());
    const bot = connector();
    for (const line of ["launch create shop --checklist django-lms --date 2026-12-01", "launch use shop"]) {
      expect((await app.post(channelMessage(line))).status).toBe(200);
    }
    await app.post({ ...channelMessage("help"), from: { id: BOB_TEAMS_ID, name: "Bob Builder", aadObjectId: BOB } });
    const dispatcher = createDispatcher({ db: db(), notifiers: { teams: app.surface.notifier }, log: app.services.log, replica: "test" });
    /** Delivers what is queued; returns the cards posted. */
    const deliver = async () => {
      const before = bot.calls.length;
      for (let round = 0; round < 10 && (await dispatcher.runOnce(app!.clock.now())) > 0; round++);
      return bot.calls.slice(before).map((c) => c.body);
    };
    await deliver();
    return { bot, deliver };
  }

  const entitiesOf = (activity: Activity) => cardOf(activity).msteams.entities ?? [];

  it("the assignment post mentions the new owner; the answer to the command names them plainly", async () => {
    const { bot, deliver } = await setUp();
    await app!.post(channelMessage("assign 1.2 @Bob Builder", [{ name: "Bob Builder", id: BOB_TEAMS_ID, aadObjectId: BOB }]));
    const answer = bot.last().body;
    expect(cardText(cardOf(answer))).toMatch(/1\.2 assigned to Bob Builder/);
    expect(cardText(cardOf(answer))).not.toContain("<at>");
    expect(entitiesOf(answer)).toEqual([]);

    const [post, ...rest] = (await deliver()).filter((a) => cardText(cardOf(a)).includes("assigned to"));
    expect(rest).toEqual([]);
    const card = cardOf(post!);
    assertValidCard(card);
    expect(cardText(card)).toMatch(/1\.2 assigned to <at>Bob Builder<\/at>/);
    // Who assigned shows by the name Teams sent with the request, not as an AAD id.
    expect(cardText(card)).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(card.msteams).toEqual({ width: "Full", entities: [bobMention] });
  });

  it("the readiness post mentions the owners of open items, and user text still cannot make a mention", async () => {
    const { deliver } = await setUp();
    await app!.post(channelMessage("assign 1.2 @Bob Builder", [{ name: "Bob Builder", id: BOB_TEAMS_ID, aadObjectId: BOB }]));
    await app!.post(channelMessage("block 1.2 ask &lt;at&gt;Mallory&lt;/at&gt; or Bob Builder [now](https://evil.example)"));
    await deliver();

    const launch = (await launchesRepo.byName(db(), "shop"))!;
    const now = app!.clock.now();
    const result = await readinessPostJob.run({ db: db(), log: app!.services.log, launch, now, slot: now } as unknown as JobContext);
    expect(result.outcome).not.toBe("skipped");
    const [post] = (await deliver()).filter((a) => a.summary?.includes("readiness"));
    const card = cardOf(post!);
    assertValidCard(card);
    const text = cardText(card);
    expect(text).toMatch(/Open items by owner: .*<at>Bob Builder<\/at> 1/);
    expect(card.msteams.entities).toEqual([bobMention]);
    // The blocked reason is user text: its `<at>` stays escaped and is no mention.
    expect(text).toContain("\\<at\\>Mallory\\</at\\>");
    expect(JSON.stringify(card.msteams)).not.toContain("Mallory");
  });
});
