// Done when: a member declares an incident from Slack and the primary gets a DM; nobody
// answers, so after the wait the secondary is paged (in Teams); the secondary acknowledges
// in Teams and the channel's page message changes in place; a viewer's press is refused.
// Real HTTP in (signed Slack requests, Bot Framework activities), nock at Slack and Teams.
import type { Server } from "node:http";
import nock from "nock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { commands } from "../../commands/index.js";
import { createHttpServer, listen } from "../../src/adapters/http/server.js";
import { createSlackNotifier } from "../../src/adapters/slack/notifier.js";
import { createTeamsSurface, type TeamsSurface } from "../../src/adapters/teams/surface.js";
import { createDispatcher, type Dispatcher } from "../../src/jobs/dispatcher.js";
import { escalationJob } from "../../src/jobs/escalation-job.js";
import { createScheduler } from "../../src/jobs/scheduler.js";
import { launchesRepo } from "../../src/storage/launches-repo.js";
import { rolesRepo } from "../../src/storage/roles-repo.js";
import { importTestChecklist } from "../jobs/fixtures.js";
import { engines, snapshot, useDatabase } from "../helpers/db.js";
import { blockText, CHANNEL, RITA, responseUrl, startSlack, VIV } from "./slack/slack-harness.js";
import { type Activity, BOB, BOB_TEAMS_ID, CHANNEL as TEAMS_CHANNEL, cardInvoke, cardOf, cardText, channelMessage, connector, PERSONAL_CHAT, personalMessage, postJson, RITA as TEAMS_RITA, teamsConfig } from "./teams/teams-harness.js";

type Json = Record<string, unknown>;
const ALICE = "U0ALICE001";
const PAGE_TS = "1700000500.000100";

/**
 * Slack's Web API at the network edge: records every call, answers like Slack. (nock tries a
 * body against each interceptor in turn, so each one only takes the calls shaped like its own.)
 */
function slackWebApi() {
  const calls: { method: string; params: Json }[] = [];
  const shapes: Record<string, (p: Json) => boolean> = {
    "conversations.open": (p) => p.users !== undefined,
    "chat.postMessage": (p) => p.channel !== undefined && p.ts === undefined,
    "chat.update": (p) => p.ts !== undefined,
  };
  const record = (method: string) => (body: unknown) => {
    const params: Json = typeof body === "string" ? Object.fromEntries(new URLSearchParams(body)) : { ...(body as Json) };
    if (!shapes[method]!(params)) return false;
    if (typeof params.blocks === "string") params.blocks = JSON.parse(params.blocks);
    calls.push({ method, params });
    return true;
  };
  nock("https://slack.com")
    .persist()
    .post("/api/conversations.open", record("conversations.open"))
    .reply(200, { ok: true, channel: { id: "D0ALICE001" } })
    .post("/api/chat.postMessage", record("chat.postMessage"))
    .reply(200, { ok: true, ts: PAGE_TS })
    .post("/api/chat.update", record("chat.update"))
    .reply(200, { ok: true, ts: PAGE_TS });
  return calls;
}

describe.each(engines)("paging in Slack and Teams, end to end, on %s", (engine) => {
  const db = useDatabase(engine);
  let slack: Awaited<ReturnType<typeof startSlack>>;
  let teams: TeamsSurface;
  let teamsServer: Server;
  let teamsPort: number;
  let dispatcher: Dispatcher;

  beforeEach(async () => {
    slack = await startSlack(db(), { now: "2026-11-23T09:00:00Z" });
    teams = createTeamsSurface({ config: teamsConfig(), services: slack.services, commands, retry: { random: () => 0.5, delay: async () => {} } });
    teamsServer = createHttpServer([teams.route], slack.services.log);
    teamsPort = await listen(teamsServer, 0, "127.0.0.1");
    dispatcher = createDispatcher({
      db: db(),
      log: slack.services.log,
      replica: "r1",
      notifiers: { slack: createSlackNotifier({ token: "xoxb-test-token" }), teams: teams.notifier },
    });
  });
  afterEach(async () => {
    nock.cleanAll();
    await teams?.stop();
    await new Promise((resolve) => (teamsServer ? teamsServer.close(resolve) : resolve(undefined)));
    await slack?.close();
  });

  const teamsPost = (activity: Activity) => postJson(teamsPort, "/api/messages", activity);
  const deliverAll = async () => {
    while ((await dispatcher.runOnce(slack.clock.now())) > 0);
  };

  it("DMs the primary in Slack, pages the secondary in Teams after the wait, and the Teams acknowledgement updates the page message in place", async () => {
    const bot = connector();
    const slackCalls = slackWebApi();
    await importTestChecklist(db(), slack.clock.now());
    await slack.slash("launch create shop-web --checklist shop --date 2026-12-01 --tz Europe/London");
    await slack.slash("launch use shop-web");
    expect((await teamsPost(channelMessage("launch use shop-web"))).status).toBe(200);
    // Bob has a personal chat with golive in Teams (that is where his direct messages go).
    expect((await teamsPost(personalMessage("help", { id: BOB_TEAMS_ID, aadObjectId: BOB, name: "Bob" }))).status).toBe(200);
    const launch = (await launchesRepo.byName(db(), "shop-web"))!;
    await rolesRepo.set(db(), launch.id, { principal: TEAMS_RITA, role: "release-manager", grantedBy: RITA, grantedAt: slack.clock.now() });
    await slack.slash(`oncall set primary <@${ALICE}> --every 1w`);
    await teamsPost(channelMessage("oncall set secondary @Bob --every 1w", [{ name: "Bob", id: BOB_TEAMS_ID, aadObjectId: BOB }]));
    await slack.slash('escalation set ladder "notify oncall:primary; wait 5m; notify oncall:secondary; wait 10m; notify channel" --phase pre-launch');
    bot.calls.length = 0;

    const declared = await slack.slash("incident declare checkout returns 500 --sev 1");
    expect(blockText(declared.json().blocks)).toMatch(/Incident #1 declared \(policy ladder\)\. Paging has started\./);
    await deliverAll();
    expect(slackCalls.find((c) => c.method === "conversations.open")?.params).toMatchObject({ users: ALICE });
    const dm = slackCalls.find((c) => c.method === "chat.postMessage" && c.params.channel === "D0ALICE001")!;
    expect(blockText(dm.params.blocks)).toMatch(/you are being paged for shop-web \(on call in primary\)/);
    const page = slackCalls.find((c) => c.method === "chat.postMessage" && c.params.channel === CHANNEL)!;
    expect(blockText(page.params.blocks)).toMatch(/Triggered: nobody has acknowledged yet/);
    const teamsPage = bot.calls.find((c) => c.path.includes(TEAMS_CHANNEL))!;
    expect(cardText(cardOf(teamsPage.body))).toMatch(/\[Acknowledge\]\n\[Resolve\]\n\[Escalate now\]/);

    // A viewer's press on the Slack page message is refused with the role it takes; nothing changes.
    const buttons = (page.params.blocks as { type: string; elements?: Json[] }[]).find((b) => b.type === "actions")!.elements!;
    const ack = buttons.find((e) => (e.text as Json).text === "Acknowledge")!;
    // (Slack's request ids are kept to drop retries, and the presser's name is learnt: the only rows the press may add.)
    const state = async () => ({ ...(await snapshot(db())), slack_requests: "", people: "" });
    const before = await state();
    const refusal = responseUrl();
    await slack.act({ user: VIV, action: { type: "button", action_id: ack.action_id, value: ack.value }, container: { type: "message", message_ts: PAGE_TS, channel_id: CHANNEL, is_ephemeral: false } });
    expect(blockText((await refusal).blocks)).toMatch(/`incident ack` needs the member role on shop-web \(or being paged for incident #1\); you are a viewer\./);
    expect(await state()).toEqual(before);

    // Nobody answers: five minutes later the escalation job pages the secondary in Teams.
    slack.clock.set("2026-11-23T09:05:00Z");
    const scheduler = createScheduler({ db: db(), log: slack.services.log, clock: slack.clock, replica: "r1", jobs: [escalationJob] });
    await scheduler.tick(slack.clock.now());
    await deliverAll();
    const bobDm = bot.calls.find((c) => c.path.includes(PERSONAL_CHAT))!;
    expect(cardText(cardOf(bobDm.body))).toMatch(/you are being paged for shop-web \(on call in secondary\)/);

    // Bob acknowledges from the card in Teams: his card is refreshed at once…
    slack.clock.set("2026-11-23T09:06:30Z");
    const pressed = await teamsPost(
      cardInvoke(
        { command: "incident ack 1 --launch shop-web" },
        { from: { id: BOB_TEAMS_ID, aadObjectId: BOB, name: "Bob" }, conversation: { conversationType: "personal", tenantId: "72f988bf-86f1-41af-91ab-2d7cd011db47", id: PERSONAL_CHAT }, replyToId: bobDm.body.id ?? "x" },
      ),
    );
    expect(pressed.status).toBe(200);
    const refreshed = pressed.json();
    expect(refreshed.type).toBe("application/vnd.microsoft.card.adaptive");
    expect(cardText(refreshed.value)).toMatch(/Acknowledged by @22222222-2222-4222-8222-222222222222 at 2026-11-23 09:06:30/);
    expect(cardText(refreshed.value)).not.toMatch(/\[Acknowledge\]/);

    // …and the page message changes in place in both channels: chat.update on the stored
    // channel and ts in Slack, the same activity updated in Teams.
    await deliverAll();
    const update = slackCalls.filter((c) => c.method === "chat.update").at(-1)!;
    expect(update.params).toMatchObject({ channel: CHANNEL, ts: PAGE_TS });
    expect(blockText(update.params.blocks)).toMatch(/Acknowledged by @22222222-2222-4222-8222-222222222222 at 2026-11-23 09:06:30/);
    const teamsUpdate = bot.calls.filter((c) => c.method === "PUT").at(-1)!;
    // The connector answered the page's post with `sent-<n>`: that is the activity updated.
    expect(teamsUpdate.path).toBe(`/amer/v3/conversations/${TEAMS_CHANNEL}/activities/sent-${bot.calls.indexOf(teamsPage) + 1}`);
    expect(cardText(cardOf(teamsUpdate.body))).toMatch(/Acknowledged by/);
    expect(slackCalls.filter((c) => c.method === "chat.postMessage" && c.params.channel === CHANNEL)).toHaveLength(1);

    // The whole timeline, to the second, delivery included.
    const shown = blockText((await slack.slash("incident show 1")).json().blocks);
    expect(shown).toMatch(/2026-11-23 09:00:00 {2}step 1: paged @U0ALICE001 by Slack direct message \(on call in primary\) — delivered 09:00:00/);
    expect(shown).toMatch(/2026-11-23 09:05:00 {2}step 3: paged @22222222-2222-4222-8222-222222222222 by Teams direct message \(on call in secondary\) — delivered 09:05:00/);
    expect(shown).toMatch(/2026-11-23 09:06:30 {2}acknowledged by @22222222-2222-4222-8222-222222222222 \(Teams\); escalation stopped/);
  });
});
