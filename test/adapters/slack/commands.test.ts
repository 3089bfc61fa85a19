import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { assertSlackLimits } from "../../helpers/slack-limits.js";
import { engines, snapshot, useDatabase } from "../../helpers/db.js";
import { BOB, blockText, CHANNEL, RITA, responseUrl, startSlack, VIV } from "./slack-harness.js";

/** Everything but the ids of handled Slack requests (each request adds one, refused or not). */
// Request ids (retry dedupe) and people's names (learnt from every request) are no launch state.
const withoutRequestIds = ({ slack_requests: _ids, people: _names, ...rest }: Record<string, string>) => rest;

type Message = { response_type: string; text: string; blocks: unknown[] };

describe.each(engines)("/golive commands through Slack on %s", (engine) => {
  const db = useDatabase(engine);
  let h: Awaited<ReturnType<typeof startSlack>>;
  beforeEach(async () => {
    h = await startSlack(db());
  });
  afterEach(() => h.close());

  /** Runs `/golive <text>`, checks the answer is a valid Slack message, returns it with its text. */
  async function golive(text: string, user = RITA, channel = CHANNEL) {
    const answer = await h.slash(text, user, channel);
    expect(answer.status).toBe(200);
    const message = answer.json() as unknown as Message;
    assertSlackLimits(message, "message");
    return { ...message, all: `${message.text}\n${blockText(message.blocks)}` };
  }

  async function setUpShop() {
    expect((await golive("launch create shop --checklist django-lms --date 2026-12-01")).all).toMatch(/shop/);
    expect((await golive("launch use shop")).all).toMatch(/Using launch shop/);
    expect((await golive(`role grant <@${BOB}|bob> member`)).all).toMatch(new RegExp(`${BOB} is now member`));
  }

  const events = () => db().query<{ kind: string; actor: string; surface: string; item_key: string | null }>("select kind, actor, surface, item_key from events order by id");
  const item = async (ref: string) => (await db().query<{ state: string; owner: string | null; reason: string | null; due: string | null }>("select state, owner, reason, due::text from items where ref = $1", [ref]))[0]!;

  it("runs every core command, as the Slack user, in the channel's launch", async () => {
    expect((await golive("help")).all).toMatch(/check/);
    expect((await golive("help check")).all).toMatch(/check &lt;ref/);
    expect((await golive("checklist list")).all).toMatch(/django-lms/);
    expect((await golive("checklist show django-lms")).all).toMatch(/Django LMS/);
    await setUpShop();
    expect((await golive("launch list")).all).toMatch(/shop/);
    expect((await golive("launch show")).all).toMatch(/slack:C0LAUNCH01/);
    expect((await golive("role list")).all).toMatch(new RegExp(BOB));

    const list = await golive("list");
    expect(list.response_type).toBe("ephemeral");
    expect(list.all).toMatch(/shop · all items · page 1\/\d+/);
    expect(list.all).toMatch(/\*1\.1\*/);

    expect((await golive("check 1.1 set in prod.env", BOB)).all).toMatch(/1\.1/);
    expect(await item("1.1")).toMatchObject({ state: "done" });
    expect((await golive("uncheck 1.1", BOB)).all).toMatch(/1\.1/);
    expect(await item("1.1")).toMatchObject({ state: "open" });
    await golive("block 1.2 waiting for IT", BOB);
    expect(await item("1.2")).toMatchObject({ state: "blocked", reason: "waiting for IT" });
    await golive("unblock 1.2", BOB);
    expect(await item("1.2")).toMatchObject({ state: "open" });
    await golive("skip 1.4 the proxy sets it", BOB);
    expect(await item("1.4")).toMatchObject({ state: "skipped" });
    await golive(`assign 1.3 <@${VIV}|viv>`, BOB);
    expect(await item("1.3")).toMatchObject({ owner: VIV });
    await golive(`assign 1.5 @${BOB}`, BOB);
    expect(await item("1.5")).toMatchObject({ owner: BOB });
    await golive("due 1.3 T-3d", BOB);
    expect(await item("1.3")).toMatchObject({ due: "2026-11-28" });
    await golive("note 1.3 the CSRF origins are in the ops repo", BOB);
    const history = await golive("history 1.3");
    expect(history.all).toMatch(/added a note to 1\.3 — the CSRF origins are in the ops repo/);
    expect(history.all).toMatch(/assigned 1\.3 to /);

    const nogo = await golive("nogo the restore drill failed");
    expect(nogo.response_type).toBe("in_channel");
    const go = await golive('go --override "CISO accepted the risk, SEC-12"');
    expect(go.response_type).toBe("in_channel");
    expect((await golive("status --public")).response_type).toBe("in_channel");
    expect((await golive("launch sync")).all).toMatch(/shop/);
    expect((await golive("launch archive")).all).toMatch(/archived/i);

    const changes = (await events()).filter((e) => e.kind.startsWith("item.") || e.kind.startsWith("decision."));
    expect(changes.length).toBeGreaterThanOrEqual(10);
    for (const e of changes) expect(e).toMatchObject({ surface: "slack", actor: expect.stringMatching(/^U0(RITA|BOB)/) });
  });

  it("picks the launch from the channel, and --launch overrides it", async () => {
    await setUpShop();
    await golive("launch create blog --checklist django-lms --date 2026-12-01");
    expect((await golive("status")).text).toMatch(/^shop: /);
    expect((await golive("status", RITA, "C0ELSEWHERE")).all).toMatch(/launch use|--launch/);
    expect((await golive("status --launch shop", RITA, "C0ELSEWHERE")).all).toMatch(/^shop: /);
  });

  it("refuses by role, not by Slack rank, and changes nothing", async () => {
    await setUpShop();
    const before = await snapshot(db());
    const viewer = await golive("check 1.1", VIV);
    expect(viewer.all).toMatch(/needs the member role on shop; you are a viewer/);
    expect(viewer.all).toMatch(/role grant @you member/);
    const member = await golive("go", BOB);
    expect(member.all).toMatch(/needs the release-manager role/);
    const grant = await golive(`role grant <@${VIV}> release-manager`, BOB);
    expect(grant.all).toMatch(/needs the release-manager role/);
    expect(withoutRequestIds(await snapshot(db()))).toEqual(withoutRequestIds(before));
  });

  it("refuses commands that read local files", async () => {
    const before = await snapshot(db());
    for (const line of ["checklist lint checklists/django-lms.md", "checklist import checklists/django-lms.md --id ours"]) {
      const refused = await golive(line);
      expect(refused.all).toMatch(/only be read from the local shell/);
    }
    expect(withoutRequestIds(await snapshot(db()))).toEqual(withoutRequestIds(before));
  });

  it("answers a mistyped command with help, not a stack trace", async () => {
    const typo = await golive("stauts");
    expect(typo.all).toMatch(/Unknown command `stauts`/);
    expect(typo.all).toMatch(/Did you mean `status`/);
    expect(typo.all).not.toMatch(/at .*\.ts:\d+/);
  });

  it("keeps huge outputs within Slack's limits", async () => {
    await setUpShop();
    const pages = await golive("list");
    const total = Number(/(\d+) item\(s\)/.exec(pages.text)![1]);
    expect(total).toBe(141);
    expect(pages.all).toMatch(/… \d+ more/);
    const last = await golive(`list --page ${Math.ceil(total / 20)}`);
    expect(last.all).not.toMatch(/… \d+ more/);
    const everything = await golive("checklist show django-lms");
    expect(everything.blocks.length).toBeLessThanOrEqual(50);
    const long = "x".repeat(1990);
    await golive(`block 1.1 ${long}`, BOB);
    await golive(`note 1.1 ${long}`, BOB);
    expect((await golive("list --blocked")).all).toMatch(/Blocked: x+/);
    expect((await golive("history 1.1")).all).toMatch(/xxxx/);
    const tooLong = await golive(`note 1.1 ${"y".repeat(3000)}`, BOB);
    expect(tooLong.all).toMatch(/longer than 2000 characters/);
  });

  it("acknowledges a slow command at once and posts the result to the response_url", async () => {
    await setUpShop();
    h.lateAcks(true);
    const posted = responseUrl("/commands/1234/5678");
    const ack = await golive("status --public");
    expect(ack.response_type).toBe("ephemeral");
    expect(ack.text).toMatch(/Working on it… the result of `status --public` will appear here/);
    const result = (await posted) as unknown as Message;
    expect(result.response_type).toBe("in_channel");
    expect(result.text).toMatch(/^shop: 0\/\d+/);
    assertSlackLimits(result, "message");
  });
});
