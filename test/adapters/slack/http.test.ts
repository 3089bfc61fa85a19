import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { signSlackRequest } from "../../../src/adapters/slack/signature.js";
import { assertSlackLimits } from "../../helpers/slack-limits.js";
import { engines, snapshot, useDatabase } from "../../helpers/db.js";
import { blockText, CHANNEL, get, post, RITA, SECRET, startSlack } from "./slack-harness.js";

describe.each(engines)("the Slack HTTP receiver on %s", (engine) => {
  const db = useDatabase(engine);
  let h: Awaited<ReturnType<typeof startSlack>>;
  beforeEach(async () => {
    h = await startSlack(db());
  });
  afterEach(() => h.close());

  it("answers a signed /golive status with Block Kit inside the acknowledgement", async () => {
    expect((await h.slash("launch create shop --checklist django-lms --date 2026-12-01")).status).toBe(200);
    await h.slash("launch use shop");
    const answer = await h.slash("status");
    expect(answer.status).toBe(200);
    const message = answer.json();
    expect(message.response_type).toBe("ephemeral");
    expect(message.text).toMatch(/^shop: 0\/\d+ \(0%\) done · NO-GO$/);
    const blocks = message.blocks as { type: string; text?: { text: string } }[];
    expect(blocks[0]).toMatchObject({ type: "header", text: { text: expect.stringMatching(/^shop · pre-launch/) } });
    expect(blockText(blocks)).toMatch(/\*Critical open\*/);
    expect(blockText(blocks)).toMatch(/NO-GO/);
    assertSlackLimits(message as { text: string; blocks: unknown[] }, "message");
  });

  it("serves /healthz and /readyz on the same port", async () => {
    expect(await get(h.port, "/healthz")).toMatchObject({ status: 200, text: '{"status":"ok"}' });
    expect(await get(h.port, "/readyz")).toMatchObject({ status: 200 });
    expect((await get(h.port, "/slack/events")).status).toBe(404);
  });

  describe("refuses unsigned or replayed requests with 401 and changes nothing", () => {
    const body = () => h.slashBody("launch create shop --checklist django-lms --date 2026-12-01", RITA, CHANNEL);
    const now = () => Math.floor(h.clock.now().getTime() / 1000);
    const cases: [string, () => Record<string, string | number>][] = [
      ["a bad signature", () => ({ "x-slack-request-timestamp": now(), "x-slack-signature": signSlackRequest("ffffffffffffffffffffffffffffffff", now(), body()) })],
      ["a missing signature", () => ({ "x-slack-request-timestamp": now() })],
      ["a missing timestamp", () => ({ "x-slack-signature": signSlackRequest(SECRET, now(), body()) })],
      ["a replayed timestamp 6 minutes old", () => ({ "x-slack-request-timestamp": now() - 360, "x-slack-signature": signSlackRequest(SECRET, now() - 360, body()) })],
      ["a timestamp 6 minutes ahead", () => ({ "x-slack-request-timestamp": now() + 360, "x-slack-signature": signSlackRequest(SECRET, now() + 360, body()) })],
      ["a body changed after signing", () => ({ "x-slack-request-timestamp": now(), "x-slack-signature": signSlackRequest(SECRET, now(), `${body()}x`) })],
    ];
    it.each(cases)("%s", async (_name, headers) => {
      const before = await snapshot(db());
      const answer = await post(h.port, "/slack/events", body(), { "content-type": "application/x-www-form-urlencoded", ...headers() });
      await h.slack.idle();
      expect(answer.status).toBe(401);
      expect(answer.text).not.toMatch(/launch|shop/);
      expect(await snapshot(db())).toEqual(before);
    });

    it("accepts the same request signed within the window", async () => {
      const answer = await h.signed(body(), "application/x-www-form-urlencoded", { timestamp: now() - 240 });
      await h.slack.idle();
      expect(answer.status).toBe(200);
      expect(answer.json().text).toMatch(/shop/);
    });
  });

  it("answers Slack's URL verification and SSL check", async () => {
    const challenge = await h.signed(JSON.stringify({ type: "url_verification", token: "x", challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" }), "application/json");
    expect(challenge.json()).toEqual({ challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" });
    const before = await snapshot(db());
    const ssl = await post(h.port, "/slack/events", "ssl_check=1&token=x&text=launch+create", { "content-type": "application/x-www-form-urlencoded" });
    expect(ssl.status).toBe(200);
    expect(await snapshot(db())).toEqual(before);
  });
});
