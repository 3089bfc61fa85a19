import nock from "nock";
import { afterEach, describe, expect, it } from "vitest";
import { createDispatcher } from "../../../src/jobs/dispatcher.js";
import { DeliveryError } from "../../../src/jobs/notifier.js";
import { reply } from "../../../src/render/reply.js";
import { outboxRepo } from "../../../src/storage/outbox-repo.js";
import { engines, useDatabase } from "../../helpers/db.js";
import {
  BOB,
  BOB_TEAMS_ID,
  BOT_ID,
  cardOf,
  cardText,
  channelMessage,
  connector,
  fixture,
  PERSONAL_CHAT,
  personalMessage,
  RITA,
  SERVICE_PATH,
  SERVICE_URL,
  startTeams,
  TEAM,
  type TeamsTestApp,
} from "./teams-harness.js";

const announcement = reply.ok("shop: 1.1 checked by Rita", [
  { kind: "heading", text: "shop" },
  { kind: "text", text: "1.1 checked by Rita" },
]);
const post = { conversation: TEAM, kind: "post" as const };

describe.each(engines)("Teams proactive posts on %s", (engine) => {
  const db = useDatabase(engine);
  let app: TeamsTestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function installed() {
    app = await startTeams(db());
    expect((await app.post(fixture("install-team"))).status).toBe(200);
    return app;
  }

  const stored = async () =>
    db().query<{ conversation: string; conversation_type: string; broken_reason: string | null }>(
      "select conversation, conversation_type, broken_reason from teams_conversations order by conversation",
    );

  async function failure(promise: Promise<unknown>): Promise<DeliveryError> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DeliveryError);
    return error as DeliveryError;
  }

  it("stores the conversation reference when golive is added to a team, without answering", async () => {
    const bot = connector();
    await installed();
    expect(bot.calls).toEqual([]);
    const [row] = await db().query<{ conversation: string; reference: Record<string, unknown> }>("select conversation, reference from teams_conversations");
    expect(row!.conversation).toBe(TEAM);
    expect(row!.reference).toMatchObject({
      channelId: "msteams",
      serviceUrl: `${SERVICE_URL}${SERVICE_PATH}/`,
      bot: { id: BOT_ID },
      conversation: { id: TEAM, conversationType: "channel", tenantId: expect.any(String) },
    });
    expect(row!.reference.activityId).toBeUndefined();
  });

  it("keeps the members' display names from the roster when golive is added, page by page", async () => {
    const pages = nock(SERVICE_URL)
      .get(/\/v3\/conversations\/.+\/pagedmembers/)
      .query((q) => q.continuationToken === undefined)
      .reply(200, { members: [{ id: "29:rita", aadObjectId: RITA, name: "Rita Alvarez" }], continuationToken: "page-2" })
      .get(/\/v3\/conversations\/.+\/pagedmembers/)
      .query((q) => q.continuationToken === "page-2")
      .reply(200, { members: [{ id: BOB_TEAMS_ID, aadObjectId: BOB, name: "Bob Stone" }] });
    connector();
    await installed();
    expect(pages.isDone()).toBe(true);
    const people = await db().query<{ user_id: string; display_name: string }>("select user_id, display_name from people where surface = 'teams' order by display_name");
    expect(people).toEqual([
      { user_id: BOB, display_name: "Bob Stone" },
      { user_id: RITA, display_name: "Rita Alvarez" },
    ]);
  });

  it("stores a channel's reference the first time golive is spoken to there, without the thread id", async () => {
    app = await startTeams(db());
    connector();
    await app.post(channelMessage("help"));
    await app.post(personalMessage("help"));
    expect(await stored()).toEqual([
      { conversation: "19:launch-shop-7f3a@thread.tacv2", conversation_type: "channel", broken_reason: null },
      { conversation: PERSONAL_CHAT, conversation_type: "personal", broken_reason: null },
    ]);
  });

  it("posts a new card to the stored conversation, then updates it in place", async () => {
    await installed();
    const bot = connector();
    const { platformRef } = await app!.surface.notifier.deliver(post, announcement);
    expect(platformRef).toBe("sent-1");
    const sent = bot.last();
    expect(sent.method).toBe("POST");
    expect(sent.path).toBe(`${SERVICE_PATH}/v3/conversations/${TEAM}/activities`);
    expect(sent.body.replyToId).toBeUndefined();
    expect(cardText(cardOf(sent.body))).toMatch(/1\.1 checked by Rita/);

    const updated = await app!.surface.notifier.update(platformRef, post, reply.ok("shop: 1.1 re-opened", [{ kind: "text", text: "1.1 re-opened" }]));
    expect(updated).toEqual({ platformRef: "sent-1" });
    expect(bot.last().method).toBe("PUT");
    expect(bot.last().path).toBe(`${SERVICE_PATH}/v3/conversations/${TEAM}/activities/sent-1`);
    expect(cardText(cardOf(bot.last().body))).toMatch(/1\.1 re-opened/);
  });

  it("posts a new message when the one to update was deleted", async () => {
    await installed();
    nock(SERVICE_URL).put(/\/activities\/gone-1$/).reply(404, { error: { code: "NotFound", message: "message not found" } });
    const bot = connector();
    expect(await app!.surface.notifier.update("gone-1", post, announcement)).toEqual({ platformRef: "sent-1" });
    expect(bot.last().method).toBe("POST");
  });

  it("sends a direct message through the user's personal chat", async () => {
    app = await startTeams(db());
    const bot = connector();
    await app.post(personalMessage("help"));
    await app.surface.notifier.deliver({ conversation: RITA, kind: "dm" }, announcement);
    expect(bot.last().path).toBe(`${SERVICE_PATH}/v3/conversations/${PERSONAL_CHAT}/activities`);
  });

  it("refuses, without calling Teams, a conversation golive was never added to", async () => {
    app = await startTeams(db());
    const bot = connector();
    const error = await failure(app.surface.notifier.deliver({ conversation: "19:elsewhere@thread.tacv2", kind: "post" }, announcement));
    expect(error.kind).toBe("permanent");
    expect(error.message).toMatch(/no Teams conversation for 19:elsewhere@thread\.tacv2: add the golive app there/);
    expect((await failure(app.surface.notifier.deliver({ conversation: "someone", kind: "dm" }, announcement))).message).toMatch(/open a chat with golive/);
    expect(bot.calls).toEqual([]);
  });

  it("retries a throttled post (429) after Retry-After, then delivers", async () => {
    await installed();
    const throttled = nock(SERVICE_URL).post(/\/activities$/).times(2).reply(429, {}, { "retry-after": "1" });
    const bot = connector();
    expect(await app!.surface.notifier.deliver(post, announcement)).toEqual({ platformRef: "sent-1" });
    expect(throttled.isDone()).toBe(true);
    expect(app!.delays).toEqual([1000, 1000]);
    expect(bot.calls).toHaveLength(1);
  });

  it("hands a post that stays throttled back to the outbox as retryable, with Retry-After", async () => {
    await installed();
    nock(SERVICE_URL).post(/\/activities$/).times(4).reply(429, {}, { "retry-after": "3" });
    const error = await failure(app!.surface.notifier.deliver(post, announcement));
    expect(error.kind).toBe("retry");
    expect(error.afterMs).toBe(3000);
    expect(app!.delays).toEqual([3000, 3000, 3000]);
    expect((await stored())[0]!.broken_reason).toBeNull();
  });

  it("does not sleep inside a request for a long Retry-After", async () => {
    await installed();
    nock(SERVICE_URL).post(/\/activities$/).reply(429, {}, { "retry-after": "120" });
    const error = await failure(app!.surface.notifier.deliver(post, announcement));
    expect(error).toMatchObject({ kind: "retry", afterMs: 120_000 });
    expect(app!.delays).toEqual([]);
  });

  it("marks the binding broken when the bot was removed (403), and launch show says so", async () => {
    await installed();
    connector();
    await app!.post({ ...channelMessage("launch create shop --checklist django-lms --date 2026-12-01"), conversation: { ...channelMessage("").conversation, id: TEAM } });
    await app!.post({ ...channelMessage("launch use shop"), conversation: { ...channelMessage("").conversation, id: TEAM } });
    nock.cleanAll();
    nock(SERVICE_URL).post(/\/activities$/).reply(403, { error: { code: "BotNotInConversationRoster", message: "The bot is not part of the conversation roster." } });
    const error = await failure(app!.surface.notifier.deliver(post, announcement));
    expect(error.kind).toBe("permanent");
    expect(error.message).toMatch(/removed from this conversation/);
    expect(app!.delays).toEqual([]);
    expect((await stored())[0]).toMatchObject({ conversation: TEAM, broken_reason: expect.stringMatching(/403/) });

    // Known broken: refused at once, Teams is not called again.
    expect((await failure(app!.surface.notifier.deliver(post, announcement))).message).toMatch(/is unreachable/);

    const bot2 = connector();
    await app!.post({ ...personalMessage("launch show --launch shop") });
    const show = cardText(cardOf(bot2.last().body));
    expect(show).toMatch(new RegExp(`Unreachable: teams:${TEAM}: Teams refused the post \\(403\\)`));
    expect(show).toMatch(/add the golive app there again/);

    // Adding golive again repairs it.
    await app!.post(fixture("install-team"));
    expect((await stored()).find((r) => r.conversation === TEAM)!.broken_reason).toBeNull();
    await app!.surface.notifier.deliver(post, announcement);
    expect(bot2.last().path).toBe(`${SERVICE_PATH}/v3/conversations/${TEAM}/activities`);
  });

  it("marks the binding broken when the conversation is gone (404)", async () => {
    await installed();
    nock(SERVICE_URL).post(/\/activities$/).reply(404, { error: { code: "ConversationNotFound", message: "Conversation not found." } });
    const error = await failure(app!.surface.notifier.deliver(post, announcement));
    expect(error.kind).toBe("permanent");
    expect((await stored())[0]!.broken_reason).toMatch(/no longer exists \(404\)/);
  });

  it("marks the conversation broken when golive is uninstalled there", async () => {
    await installed();
    await app!.post({ ...fixture("install-team"), membersAdded: undefined, membersRemoved: [{ id: BOT_ID }], channelData: { ...fixture("install-team").channelData, eventType: "teamMemberRemoved" } });
    expect((await stored())[0]!.broken_reason).toBe("golive was removed from this conversation");
  });

  it("delivers the outbox's Teams messages through the dispatcher", async () => {
    await installed();
    const bot = connector();
    const now = app!.clock.now();
    const id = await outboxRepo.enqueue(db(), { launchId: null, surface: "teams", conversation: TEAM, kind: "post", payload: announcement, at: now });
    const dispatcher = createDispatcher({ db: db(), notifiers: { teams: app!.surface.notifier }, log: app!.services.log, replica: "test" });
    expect(await dispatcher.runOnce(now)).toBe(1);
    expect((await outboxRepo.byId(db(), id))).toMatchObject({ status: "delivered", platformRef: "sent-1" });
    expect(bot.calls).toHaveLength(1);
  });
});
