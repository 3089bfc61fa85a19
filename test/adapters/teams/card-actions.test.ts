import { afterEach, describe, expect, it } from "vitest";
import { assertValidCard } from "../../helpers/adaptive-cards.js";
import { engines, snapshot, useDatabase } from "../../helpers/db.js";
import {
  type Activity,
  BOB,
  BOB_TEAMS_ID,
  CHANNEL,
  cardInvoke,
  cardOf,
  cardText,
  channelMessage,
  connector,
  RITA,
  SERVICE_PATH,
  startTeams,
  type TeamsTestApp,
} from "./teams-harness.js";

/** The data a button sends, as the Teams client builds it (inputs merged in). */
function buttonData(card: unknown, itemRef: string, title: string, reason?: string): Record<string, unknown> {
  const containers = (card as { body: Activity[] }).body.filter((e) => e.type === "Container");
  const item = containers.find((c) => String(c.items[0].text).includes(`**${itemRef}**`));
  if (!item) throw new Error(`no item ${itemRef} in the card`);
  const actions = item.items.filter((e: Activity) => e.type === "ActionSet").flatMap((s: Activity) => s.actions);
  const button = actions.find((a: Activity) => a.title === title);
  if (!button) throw new Error(`no ${title} button on ${itemRef}`);
  if (button.type === "Action.Execute") return button.data;
  // A ShowCard that asks for a reason: its Save button, with the typed text under the input's id.
  const save = button.card.actions[0];
  return { ...save.data, [save.data.reasonInputId]: reason };
}

describe.each(engines)("Teams card actions on %s", (engine) => {
  const db = useDatabase(engine);
  let app: TeamsTestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function launchWithList() {
    app = await startTeams(db());
    const bot = connector();
    for (const line of ["launch create shop --checklist django-lms --date 2026-12-01", "launch use shop", "list 1"]) {
      expect((await app.post(channelMessage(line))).status).toBe(200);
    }
    return { bot, list: cardOf(bot.last().body) };
  }

  const itemState = async (ref: string) =>
    (await db().query<{ state: string; reason: string | null }>("select state, reason from items where ref = $1", [ref]))[0];

  it("Check (Action.Execute) ticks the item and answers with the refreshed card", async () => {
    const { bot, list } = await launchWithList();
    const sent = bot.calls.length;
    const res = await app!.post(cardInvoke(buttonData(list, "1.1", "Check")));
    expect(res.status).toBe(200);
    const answer = res.json();
    expect(answer.statusCode).toBe(200);
    expect(answer.type).toBe("application/vnd.microsoft.card.adaptive");
    assertValidCard(answer.value);
    const text = cardText(answer.value);
    expect(text).toMatch(/1\.1 checked/);
    expect(text).toMatch(/✅ \*\*1\.1\*\*/);
    expect(text).toMatch(/\[Uncheck\]/);
    expect(text).not.toMatch(/\[Check\]/);
    // The card is refreshed in place through the invoke answer: no extra message.
    expect(bot.calls.length).toBe(sent);
    expect(await itemState("1.1")).toEqual({ state: "done", reason: null });
    const [event] = await db().query("select kind, actor, surface from events where kind = 'item.check'");
    expect(event).toEqual({ kind: "item.check", actor: RITA, surface: "teams" });
  });

  it("Block asks for a reason in the card and blocks the item with it", async () => {
    const { list } = await launchWithList();
    const data = buttonData(list, "1.2", "Block", "waiting for the DBA");
    expect(data.askReason).toBe(true);
    const answer = (await app!.post(cardInvoke(data))).json();
    assertValidCard(answer.value);
    expect(cardText(answer.value)).toMatch(/Blocked: waiting for the DBA/);
    expect(await itemState("1.2")).toEqual({ state: "blocked", reason: "waiting for the DBA" });
  });

  it("Assign offers the Teams people golive knows in a pick list and assigns the one picked", async () => {
    const { bot } = await launchWithList();
    // golive learns Bob's name when he writes; Rita is known from her own messages.
    await app!.post({ ...channelMessage("help"), from: { id: BOB_TEAMS_ID, name: "Bob Builder", aadObjectId: BOB } });
    await app!.post(channelMessage("list 1"));
    const list = cardOf(bot.last().body);
    assertValidCard(list);
    const item = list.body.find((e: Activity) => e.type === "Container" && String(e.items[0].text).includes("**1.2**"));
    const assign = item.items.find((e: Activity) => e.type === "ActionSet").actions.find((a: Activity) => a.title === "Assign");
    const picker = assign.card.body[0];
    expect(picker).toMatchObject({ type: "Input.ChoiceSet", style: "filtered", isRequired: true });
    const names = (await db().query<{ display_name: string; user_id: string }>("select display_name, user_id from people where surface = 'teams' order by lower(display_name)"));
    expect(names.length).toBeGreaterThanOrEqual(2);
    expect(picker.choices).toEqual(names.map((p) => ({ title: p.display_name, value: `@${p.user_id}` })));
    expect(picker.choices).toContainEqual({ title: "Bob Builder", value: `@${BOB}` });

    const answer = (await app!.post(cardInvoke(buttonData(list, "1.2", "Assign", `@${BOB}`)))).json();
    assertValidCard(answer.value);
    expect(cardText(answer.value)).toMatch(/1\.2.*Bob Builder/);
    expect((await db().query<{ owner: string }>("select owner from items where ref = '1.2'"))[0]!.owner.replace(/^@/, "")).toBe(BOB);
  });

  it("a refused button leaves the card as it was and says why", async () => {
    const { list } = await launchWithList();
    const bob = { id: BOB_TEAMS_ID, name: "Bob Builder", aadObjectId: BOB };
    await app!.post({ ...channelMessage("status"), from: bob });
    const before = await snapshot(db());
    const answer = (await app!.post(cardInvoke(buttonData(list, "1.1", "Check"), { from: bob }))).json();
    expect(answer).toEqual({ statusCode: 200, type: "application/vnd.microsoft.activity.message", value: expect.stringMatching(/viewer/i) });
    expect(await snapshot(db())).toEqual(before);
  });

  it("the Action.Submit fallback runs the same command and updates the card message in place", async () => {
    const { bot, list } = await launchWithList();
    const cardMessageId = "1763802300999";
    const submit: Activity = { ...channelMessage(""), text: undefined, entities: [], replyToId: cardMessageId, value: buttonData(list, "1.3", "Check") };
    expect((await app!.post(submit)).status).toBe(200);
    const update = bot.last();
    expect(update.method).toBe("PUT");
    expect(update.path).toBe(`${SERVICE_PATH}/v3/conversations/${CHANNEL};messageid=${submit.id}/activities/${cardMessageId}`);
    expect(update.body.id).toBe(cardMessageId);
    expect(cardText(cardOf(update.body))).toMatch(/1\.3 checked/);
    expect((await itemState("1.3"))!.state).toBe("done");
  });

  it("answers an invoke that is not a golive button with 400", async () => {
    await launchWithList();
    const res = await app!.post(cardInvoke({ something: "else" }));
    expect(res.json()).toMatchObject({ statusCode: 400, type: "application/vnd.microsoft.error" });
  });
});
