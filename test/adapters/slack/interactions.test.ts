import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { assertSlackLimits } from "../../helpers/slack-limits.js";
import { engines, useDatabase } from "../../helpers/db.js";
import { BOB, blockText, CHANNEL, itemAction, RITA, responseUrl, slackApi, startSlack, VIV } from "./slack-harness.js";

type Json = Record<string, unknown>;
type Message = { text: string; blocks: unknown[] };

describe.each(engines)("Slack buttons, modals and App Home on %s", (engine) => {
  const db = useDatabase(engine);
  let h: Awaited<ReturnType<typeof startSlack>>;
  let unexpected: string[];
  // Our own requests to the local server pass through nock too; only Slack's hosts count.
  const noMatch = (req: { method: string; url: string }) => {
    if (!new URL(req.url).hostname.endsWith("slack.com")) return;
    unexpected.push(`${req.method} ${req.url}`);
  };
  beforeEach(async () => {
    h = await startSlack(db());
    unexpected = [];
    nock.emitter.on("no match", noMatch);
    await h.slash("launch create shop --checklist django-lms --date 2026-12-01");
    await h.slash("launch use shop");
    await h.slash(`role grant <@${BOB}|bob> member`);
  });
  afterEach(async () => {
    nock.emitter.removeListener("no match", noMatch);
    await h.close();
  });

  const listBlocks = async (user = BOB) => ((await h.slash("list", user)).json() as unknown as Message).blocks;
  const events = (kind: string) => db().query<{ actor: string; surface: string; note: string | null }>("select actor, surface, note from events where kind = $1 order by id", [kind]);
  const item = async (ref: string) => (await db().query<{ state: string; reason: string | null }>("select state, reason from items where ref = $1", [ref]))[0]!;
  const publicPost = { type: "message", message_ts: "1700000000.000900", channel_id: CHANNEL, is_ephemeral: false };

  it("Check ticks the item as the presser, writes the event and replaces the ephemeral message", async () => {
    const check = itemAction(await listBlocks(), "1.1", "Check");
    const posted = responseUrl();
    const answer = await h.act({ user: BOB, action: check, actionTs: "1700000001.000100" });
    expect(answer.status).toBe(200);
    const message = await posted;
    expect(message).toMatchObject({ replace_original: true, response_type: "ephemeral" });
    expect(`${message.text}\n${blockText(message.blocks)}`).toMatch(/1\.1/);
    assertSlackLimits(message as unknown as Message, "message");
    expect(await item("1.1")).toMatchObject({ state: "done" });
    expect(await events("item.check")).toEqual([{ actor: BOB, surface: "slack", note: null }]);

    // Slack delivering the same click again: acknowledged, applied once, nothing posted.
    const again = await h.act({ user: BOB, action: check, actionTs: "1700000001.000100" });
    expect(again.status).toBe(200);
    // A second click on the stale button: the command runs and says it is already done.
    const second = responseUrl();
    await h.act({ user: BOB, action: check, actionTs: "1700000002.000100" });
    expect(blockText((await second).blocks)).toMatch(/already done/);
    expect(await events("item.check")).toHaveLength(1);
    expect(unexpected).toEqual([]);
  });

  it("updates a channel post with chat.update, retrying once after a 429 with Retry-After", async () => {
    const check = itemAction(await listBlocks(), "1.1", "Check");
    const limited = slackApi("chat.update", { status: 429, body: { ok: false, error: "ratelimited" }, headers: { "retry-after": "2" } });
    const updated = slackApi("chat.update", { body: { ok: true, channel: CHANNEL, ts: "1700000000.000900" } });
    await h.act({ user: BOB, action: check, container: publicPost });
    await limited;
    const { params } = await updated;
    expect(params).toMatchObject({ channel: CHANNEL, ts: "1700000000.000900" });
    expect(params.text).toMatch(/1\.1/);
    assertSlackLimits(params as unknown as Message, "message");
    expect(h.sleeps).toEqual([2000]);
    expect(await item("1.1")).toMatchObject({ state: "done" });
    expect(unexpected).toEqual([]);
  });

  it("tells the presser how to fix not_in_channel instead of failing silently", async () => {
    const check = itemAction(await listBlocks(), "1.1", "Check");
    const refused = slackApi("chat.update", { body: { ok: false, error: "not_in_channel" } });
    const told = responseUrl();
    await h.act({ user: BOB, action: check, container: publicPost });
    await refused;
    const message = await told;
    expect(message).toMatchObject({ replace_original: false, response_type: "ephemeral" });
    expect(blockText(message.blocks)).toMatch(/golive is not in this channel\. Invite it there: \/invite @golive/);
    assertSlackLimits(message as unknown as Message, "message");
  });

  it("does not overwrite a channel post with a query's answer", async () => {
    const details = itemAction(await listBlocks(), "1.1", "Details");
    const told = responseUrl();
    await h.act({ user: BOB, action: details, container: publicPost });
    const message = await told;
    expect(message).toMatchObject({ replace_original: false, response_type: "ephemeral" });
    expect(message.text).toMatch(/1\.1/);
    expect(unexpected).toEqual([]);
  });

  it("Block asks for the reason in a modal, then blocks the item with it", async () => {
    const block = itemAction(await listBlocks(), "1.2", "Block");
    const opened = slackApi("views.open", { body: { ok: true, view: { id: "V1" } } });
    await h.act({ user: BOB, action: block });
    const { params } = await opened;
    expect(params.trigger_id).toMatch(/^trigger-/);
    const view = params.view as Json;
    assertSlackLimits(view as never, "modal");
    expect(view).toMatchObject({ callback_id: "golive:reason", title: { text: "Why is it blocked?" } });
    const metadata = view.private_metadata as string;

    const empty = await h.submit({ user: BOB, privateMetadata: metadata, value: "  " });
    expect(empty.json()).toMatchObject({ response_action: "errors", errors: { reason: expect.stringMatching(/Write a reason/) } });

    const refused = await h.submit({ user: VIV, privateMetadata: metadata, value: "not my call" });
    expect(refused.json()).toMatchObject({ response_action: "errors", errors: { reason: expect.stringMatching(/needs the member role on shop; you are a viewer/) } });
    expect(await item("1.2")).toMatchObject({ state: "open" });

    const replaced = responseUrl();
    const saved = await h.submit({ user: BOB, privateMetadata: metadata, value: 'waiting for the "wildcard" certificate --until friday', hash: "h-1" });
    expect(saved.status).toBe(200);
    expect(saved.text).toBe("");
    expect(await replaced).toMatchObject({ replace_original: true });
    expect(await item("1.2")).toMatchObject({ state: "blocked", reason: 'waiting for the "wildcard" certificate --until friday' });

    // Slack re-sending the same submission: applied once.
    await h.submit({ user: BOB, privateMetadata: metadata, value: "waiting for the certificate", hash: "h-1" });
    expect(await events("item.block")).toHaveLength(1);
    expect(unexpected).toEqual([]);
  });

  it("Assign asks for the person with a user picker, then assigns the one chosen", async () => {
    const assign = itemAction(await listBlocks(), "1.2", "Assign");
    const opened = slackApi("views.open", { body: { ok: true, view: { id: "V2" } } });
    await h.act({ user: BOB, action: assign });
    const view = (await opened).params.view as Json;
    assertSlackLimits(view as never, "modal");
    expect(view).toMatchObject({ title: { text: "Assign to" }, blocks: [expect.anything(), { type: "input", element: { type: "users_select" } }] });
    const replaced = responseUrl();
    await h.submit({ user: BOB, privateMetadata: view.private_metadata as string, value: "", selectedUser: VIV });
    await replaced;
    expect((await db().query<{ owner: string }>("select owner from items where ref = '1.2'"))[0]!.owner).toBe(VIV);
    expect(unexpected).toEqual([]);
  });

  it("retries views.open after a short rate limit and gives up with a message on a long one", async () => {
    const skip = itemAction(await listBlocks(), "1.3", "Skip");
    const limited = slackApi("views.open", { status: 429, body: { ok: false, error: "ratelimited" }, headers: { "retry-after": "1" } });
    const opened = slackApi("views.open", { body: { ok: true } });
    await h.act({ user: BOB, action: skip });
    await limited;
    expect(((await opened).params.view as Json).callback_id).toBe("golive:reason");
    expect(h.sleeps).toEqual([1000]);

    const tooLong = slackApi("views.open", { status: 429, body: { ok: false, error: "ratelimited" }, headers: { "retry-after": "30" } });
    const told = responseUrl();
    await h.act({ user: BOB, action: skip });
    await tooLong;
    const message = await told;
    expect(blockText(message.blocks)).toMatch(/Slack is rate-limiting golive right now; try again in 30 s/);
    expect(blockText(message.blocks)).toMatch(/\/golive skip 1\.3 --launch shop &lt;reason&gt;/);
    expect(h.sleeps).toEqual([1000]);
    expect(unexpected).toEqual([]);
  });

  it("publishes App Home with the person's launches, assigned and overdue items, once per event", async () => {
    await h.slash(`assign 1.3 <@${BOB}>`, RITA);
    await h.slash("due 1.3 2026-11-20", RITA);
    const published = slackApi("views.publish");
    const body = h.eventBody({ user: BOB, eventId: "Ev0HOME01" });
    expect((await h.signed(body, "application/json")).status).toBe(200);
    await h.slack.idle();
    const { params } = await published;
    expect(params.user_id).toBe(BOB);
    const view = params.view as Json;
    assertSlackLimits(view as never, "home");
    const text = blockText(view.blocks);
    expect(text).toMatch(/Your launches/);
    expect(text).toMatch(/shop · member · pre-launch/);
    expect(text).toMatch(/Assigned to you \(1\)/);
    expect(text).toMatch(/\*shop 1\.3\*.*due 2026-11-20 \(overdue\)/);
    expect(text).toMatch(/Overdue \(1\)/);

    // Slack retrying the event (X-Slack-Retry-Num): acknowledged, not published again.
    const retried = await h.signed(body, "application/json", { headers: { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" } });
    await h.slack.idle();
    expect(retried.status).toBe(200);
    expect(unexpected).toEqual([]);

    // A Check pressed on App Home runs as the presser and republishes the home with the result.
    const check = itemAction(view.blocks, "shop 1.3", "Check");
    const republished = slackApi("views.publish");
    await h.act({ user: BOB, action: check, container: { type: "view", view_id: "VHOME" }, view: { id: "VHOME", type: "home" } });
    const home = (await republished).params.view as Json;
    assertSlackLimits(home as never, "home");
    expect(blockText(home.blocks)).toMatch(/1\.3/);
    expect(blockText(home.blocks)).toMatch(/Assigned to you \(0\)/);
    expect(await item("1.3")).toMatchObject({ state: "done" });
    expect(unexpected).toEqual([]);
  });

  it("shows a stranger an empty App Home that says how to start", async () => {
    const published = slackApi("views.publish");
    await h.signed(h.eventBody({ user: VIV, eventId: "Ev0HOME02" }), "application/json");
    await h.slack.idle();
    const view = (await published).params.view as Json;
    assertSlackLimits(view as never, "home");
    expect(blockText(view.blocks)).toMatch(/no role on a launch and nothing assigned/);
  });
});
