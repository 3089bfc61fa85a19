import { request } from "node:http";
import nock from "nock";
import { afterEach, describe, expect, it } from "vitest";
import { engines, snapshot, useDatabase } from "../../helpers/db.js";
import {
  BOB,
  BOB_TEAMS_ID,
  CHANNEL,
  cardOf,
  cardText,
  channelMessage,
  connector,
  PERSONAL_CHAT,
  personalMessage,
  postJson,
  RITA,
  SERVICE_PATH,
  SERVICE_URL,
  startTeams,
  TEAM,
  type TeamsTestApp,
} from "./teams-harness.js";

describe.each(engines)("Teams messages on %s", (engine) => {
  const db = useDatabase(engine);
  let app: TeamsTestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  /** Sends a message, expects exactly one card reply, returns it as text and the raw call. */
  async function say(activity: Record<string, unknown>, bot = connector()) {
    const before = bot.calls.length;
    const res = await app!.post(activity);
    expect(res.status).toBe(200);
    expect(bot.calls.length - before).toBe(1);
    const call = bot.last();
    const card = cardOf(call.body);
    return { call, card, text: cardText(card) };
  }

  it("in a personal chat runs the command without a mention and replies with a valid card to that message", async () => {
    app = await startTeams(db());
    const bot = connector();
    const create = personalMessage("launch create shop --checklist django-lms --date 2026-12-01");
    const created = await say(create, bot);
    expect(created.text).toMatch(/Launch shop created from django-lms: 141 items/);
    expect(created.call.method).toBe("POST");
    expect(created.call.path).toBe(`${SERVICE_PATH}/v3/conversations/${PERSONAL_CHAT}/activities/${create.id}`);
    expect(created.call.body.replyToId).toBe(create.id);
    expect(created.call.body.conversation.id).toBe(PERSONAL_CHAT);

    const status = await say(personalMessage("status"), bot);
    expect(status.text).toMatch(/shop · pre-launch/);
    expect(status.text).toMatch(/0\/141/);
    expect(status.card.body.some((e: { type: string }) => e.type === "FactSet")).toBe(true);

    const [grant] = await db().query<{ principal: string; role: string }>("select principal, role from roles");
    expect(grant).toEqual({ principal: RITA, role: "release-manager" });
    const [event] = await db().query<{ actor: string; surface: string }>("select actor, surface from events where kind = 'launch.created'");
    expect(event).toEqual({ actor: RITA, surface: "teams" });
  });

  it("in a channel answers `@golive status`; every thread of the channel shares the channel's launch", async () => {
    app = await startTeams(db());
    const bot = connector();
    await say(channelMessage("launch create shop --checklist django-lms --date 2026-12-01"), bot);
    await say(channelMessage("launch create blog --checklist django-osce --date 2026-12-01"), bot);
    const used = await say(channelMessage("launch use shop"), bot);
    expect(used.text).toMatch(/Using launch shop here/);
    expect(await db().query("select surface, conversation from conversation_launches")).toEqual([{ surface: "teams", conversation: CHANNEL }]);

    const message = channelMessage("status");
    const status = await say(message, bot);
    expect(status.text).toMatch(/^shop · pre-launch/m);
    expect(status.call.path).toBe(`${SERVICE_PATH}/v3/conversations/${CHANNEL};messageid=${message.id}/activities/${message.id}`);
    expect(status.call.body.replyToId).toBe(message.id);
  });

  it("ignores channel messages that do not mention golive", async () => {
    app = await startTeams(db());
    const bot = connector();
    const message = { ...channelMessage("status"), text: "status please", entities: [] };
    expect((await app.post(message)).status).toBe(200);
    expect(bot.calls).toEqual([]);
  });

  it("runs every core command through Teams, with people's @mentions as their AAD ids", async () => {
    app = await startTeams(db());
    const bot = connector();
    // Bob's mention carries no AAD id: golive asks the team roster.
    const roster = nock(SERVICE_URL)
      .get(`${SERVICE_PATH}/v3/conversations/${encodeURIComponent(TEAM)}/members/${encodeURIComponent(BOB_TEAMS_ID)}`)
      .reply(200, { id: BOB_TEAMS_ID, name: "Bob Builder", aadObjectId: BOB, userPrincipalName: "bob@example.com" });
    const run = async (line: string, people: { name: string; id: string; aadObjectId?: string }[] = []) => (await say(channelMessage(line, people), bot)).text;

    expect(await run("launch create shop --checklist django-lms --date 2026-12-01")).toMatch(/Launch shop created/);
    expect(await run("launch use shop")).toMatch(/Using launch shop here/);
    expect(await run("status")).toMatch(/0\/141/);
    expect(await run("list 1")).toMatch(/\*\*1\.1\*\* DEBUG = False in production environment/);
    expect(await run("check 1.1")).toMatch(/1\.1 checked/);
    expect(await run("status")).toMatch(/1\/141/);
    expect(await run("uncheck 1.1")).toMatch(/1\.1 re-opened/);
    expect(await run("block 1.2 waiting for the DBA")).toMatch(/Blocked: waiting for the DBA/);
    expect(await run("unblock 1.2")).toMatch(/1\.2 unblocked/);
    expect(await run("skip 1.3 the load balancer checks hosts")).toMatch(/Skipped: the load balancer checks hosts/);
    expect(await run("assign 1.4 @Bob Builder", [{ name: "Bob Builder", id: BOB_TEAMS_ID }])).toMatch(/1\.4 assigned to Bob Builder/);
    expect(roster.isDone()).toBe(true);
    expect(await run("due 1.4 2026-11-28")).toMatch(/due 2026-11-28/);
    expect(await run("note 1.4 pgbouncer config is in the ops repo")).toMatch(/Note added to 1\.4/);
    const history = await run("history 1.4");
    // History in words, people by name.
    expect(history).toMatch(/Rita Manager added a note to 1\.4 — pgbouncer config is in the ops repo/);
    expect(history).toMatch(/Rita Manager assigned 1\.4 to Bob Builder/);
    expect(await run("go")).toMatch(/Go refused: \d+ critical item\(s\) not done/);
    expect(await run("nogo the DBA is on leave")).toMatch(/NO-GO for shop: the DBA is on leave/);
    expect(await run("role grant @Bob Builder member", [{ name: "Bob Builder", id: BOB_TEAMS_ID, aadObjectId: BOB }])).toMatch(new RegExp(`${BOB} is now member on shop`));
    const show = await run("launch show");
    expect(show).toMatch(new RegExp(`Conversations: teams:${CHANNEL}`));
    expect(show).toMatch(/Release managers: Rita Manager/);
    const help = await run("");
    expect(help).toMatch(/golive commands/);
    expect(help).toMatch(/role grant @person/);

    const [item] = await db().query<{ owner: string; due: string }>("select owner, to_char(due, 'YYYY-MM-DD') as due from items where ref = '1.4'");
    expect(item).toEqual({ owner: BOB, due: "2026-11-28" });
    expect(await db().query("select principal, role from roles order by principal")).toEqual([
      { principal: RITA, role: "release-manager" },
      { principal: BOB, role: "member" },
    ]);
    const actors = await db().query<{ actor: string; surface: string }>("select distinct actor, surface from events where surface <> 'job'");
    expect(actors).toEqual([{ actor: RITA, surface: "teams" }]);
  });

  it("refuses a viewer's change with a card that says why, and changes nothing", async () => {
    app = await startTeams(db());
    const bot = connector();
    await say(channelMessage("launch create shop --checklist django-lms --date 2026-12-01"), bot);
    await say(channelMessage("launch use shop"), bot);
    const bobSays = (line: string) => ({ ...channelMessage(line), from: { id: BOB_TEAMS_ID, name: "Bob Builder", aadObjectId: BOB } });
    // Bob speaking once stores the channel's reference as seen from his message; compare the launch's state only.
    await say(bobSays("status"), bot);
    const before = await snapshot(db());
    const refused = await say(bobSays("check 1.1"), bot);
    expect(refused.text).toMatch(/viewer/i);
    expect(refused.card.body[0].color).toBe("Attention");
    expect(refused.text).not.toMatch(/\bat .*\.(ts|js):\d+/);
    expect(await snapshot(db())).toEqual(before);
  });

  it("answers an unknown command with a hint, not an error page", async () => {
    app = await startTeams(db());
    const bot = connector();
    const { text } = await say(personalMessage("stauts"), bot);
    expect(text).toMatch(/Unknown command stauts/);
    expect(text).toMatch(/Did you mean status/);
  });

  it("decodes what Teams escapes, so quoted reasons keep their words", async () => {
    app = await startTeams(db());
    const bot = connector();
    await say(personalMessage("launch create shop --checklist django-lms --date 2026-12-01"), bot);
    const { text } = await say(personalMessage("block 1.2 &quot;R&amp;D&quot; has the keys"), bot);
    expect(text).toMatch(/Blocked: R&D has the keys/);
  });

  it("retries a reply the Bot Connector throttles (429), waiting what Retry-After says", async () => {
    app = await startTeams(db());
    const throttled = nock(SERVICE_URL).post(/\/activities\//).reply(429, { error: { code: "Throttled" } }, { "retry-after": "2" });
    const bot = connector();
    await say(personalMessage("help"), bot);
    expect(throttled.isDone()).toBe(true);
    expect(app.delays).toEqual([2000]);
  });

  it("retries gateway failures with exponential, jittered backoff", async () => {
    app = await startTeams(db());
    const failing = nock(SERVICE_URL).post(/\/activities\//).reply(502).post(/\/activities\//).reply(504).post(/\/activities\//).reply(412);
    const bot = connector();
    await say(personalMessage("help"), bot);
    expect(failing.isDone()).toBe(true);
    // random() = 0.5 → 75 % of 500 ms · 2^(n-1)
    expect(app.delays).toEqual([375, 750, 1500]);
  });

  it("answers the endpoint's HTTP mistakes plainly", async () => {
    app = await startTeams(db());
    const bot = connector();
    expect((await postJson(app.port, "/api/messages", "{not json")).status).toBe(400);
    expect((await postJson(app.port, "/api/messages", "[1,2]")).status).toBe(400);
    expect((await postJson(app.port, "/api/messages", { text: "no type" })).status).toBe(400);
    const get = await new Promise<number>((resolve, reject) =>
      request({ host: "127.0.0.1", port: app!.port, path: "/api/messages" }, (res) => resolve(res.resume().statusCode ?? 0))
        .on("error", reject)
        .end(),
    );
    expect(get).toBe(405);
    expect(bot.calls).toEqual([]);
  });
});
