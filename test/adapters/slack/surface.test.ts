import nock from "nock";
import { describe, expect, it } from "vitest";
import { commands } from "../../../commands/index.js";
import { beforeDeadline } from "../../../src/adapters/slack/deadline.js";
import { requestKey } from "../../../src/adapters/slack/dedupe.js";
import { parseSlackMention, slackTextToCommandLine } from "../../../src/adapters/slack/mentions.js";
import { signSlackRequest, verifySlackSignature } from "../../../src/adapters/slack/signature.js";
import { createSlackSurface, slackEnabled, slackOffReason } from "../../../src/adapters/slack/surface.js";
import { fixedClock } from "../../../src/clock.js";
import { isGoliveError } from "../../../src/errors.js";
import { createLogger } from "../../../src/log.js";
import type { Database } from "../../../src/storage/database.js";
import { alwaysLate, neverLate, SECRET } from "./slack-harness.js";

describe("Slack request signatures", () => {
  // The example from Slack's "Verifying requests from Slack" guide.
  const body = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
  const docsSecret = "8f742231b10e8888abcd99yyyzzz85a5";

  it("computes the signature Slack's documentation shows", () => {
    expect(signSlackRequest(docsSecret, 1531420618, body)).toBe("v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503");
  });

  it("accepts within 5 minutes either way and refuses outside", () => {
    const at = (offset: number) =>
      verifySlackSignature({ signingSecret: SECRET, rawBody: Buffer.from("x=1"), timestamp: String(1_000_000 + offset), signature: signSlackRequest(SECRET, 1_000_000 + offset, "x=1"), nowMs: 1_000_000_000 });
    expect(at(-300).ok).toBe(true);
    expect(at(300).ok).toBe(true);
    expect(at(-301)).toEqual({ ok: false, reason: expect.stringMatching(/5-minute window/) });
    expect(at(301).ok).toBe(false);
  });

  it("refuses malformed headers without throwing", () => {
    const check = (timestamp?: string, signature?: string) => verifySlackSignature({ signingSecret: SECRET, rawBody: Buffer.from(""), timestamp, signature, nowMs: 0 }).ok;
    expect(check(undefined, "v0=ab")).toBe(false);
    expect(check("0", undefined)).toBe(false);
    expect(check("12abc", "v0=ab")).toBe(false);
    expect(check("0", "v0=short")).toBe(false);
    expect(check("0", `v1=${signSlackRequest(SECRET, 0, "").slice(3)}`)).toBe(false);
  });
});

describe("Slack text", () => {
  it.each([
    ["<@U0BOB00002>", "U0BOB00002"],
    ["<@U0BOB00002|bob>", "U0BOB00002"],
    ["@U0BOB00002", "U0BOB00002"],
    ["W0ENTERPRISE1", "W0ENTERPRISE1"],
    ["@bob", null],
    ["bob", null],
    ["<#C0LAUNCH01|launch>", null],
    ["", null],
  ])("%s is the user %s", (token, id) => {
    expect(parseSlackMention(token)).toBe(id);
  });

  it("turns escaped slash-command text into a command line", () => {
    expect(slackTextToCommandLine("assign 4.2 <@U0BOB00002|bob smith>")).toBe("assign 4.2 <@U0BOB00002>");
    expect(slackTextToCommandLine("launch create shop --url <https://shop.example.com|shop.example.com>")).toBe("launch create shop --url https://shop.example.com");
    expect(slackTextToCommandLine("note 1.1 see <#C0OPS0001|ops> &amp; ask &lt;team&gt; <!here>")).toBe("note 1.1 see #ops & ask <team> @here");
  });
});

describe("the acknowledgement deadline", () => {
  it("returns the result when the work settles first, and gives up waiting when the deadline passes first", async () => {
    expect(await beforeDeadline(Promise.resolve(7), neverLate())).toEqual({ done: true, value: 7 });
    const slow = new Promise<number>(() => {});
    expect(await beforeDeadline(slow, alwaysLate())).toEqual({ done: false });
  });
});

describe("retry keys", () => {
  it("names each request Slack may send twice by a stable id", () => {
    expect(requestKey({ type: "event_callback", event_id: "Ev1" })).toBe("event:Ev1");
    expect(requestKey({ command: "/golive", trigger_id: "t1" })).toBe("command:t1");
    expect(requestKey({ type: "block_actions", user: { id: "U1" }, actions: [{ action_id: "golive:run:1", action_ts: "1.2" }] })).toBe("action:U1:golive:run:1:1.2");
    expect(requestKey({ type: "view_submission", view: { id: "V1", hash: "h" } })).toBe("view:V1:h");
    expect(requestKey({ type: "url_verification" })).toBeUndefined();
  });
});

describe("starting the Slack surface", () => {
  const services = { db: {} as Database, clock: fixedClock("2026-11-22T09:00:00Z"), log: createLogger({ level: "silent" }) };

  it("is off without credentials and says what to set", () => {
    expect(slackEnabled({})).toBe(false);
    expect(slackOffReason({})).toMatch(/SLACK_BOT_TOKEN is not set/);
    expect(slackEnabled({ SLACK_BOT_TOKEN: "xoxb-1" })).toBe(false);
    expect(slackOffReason({ SLACK_BOT_TOKEN: "xoxb-1" })).toMatch(/SLACK_SIGNING_SECRET .* or SLACK_APP_TOKEN/);
    expect(slackEnabled({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: SECRET })).toBe(true);
    expect(() => createSlackSurface({ config: {}, services, commands })).toThrow(/SLACK_BOT_TOKEN is not set/);
  });

  it("uses Socket Mode when an app token is set, leaving HTTP requests to other routes", async () => {
    const slack = createSlackSurface({ config: { SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xapp-1-A1-1-abc" }, services, commands });
    expect(slack.mode).toBe("socket");
    expect(await slack.route({ url: "/slack/events", method: "POST" } as never, {} as never)).toBe(false);
  });

  it("refuses to start with a token Slack rejects, with a clear message", async () => {
    nock("https://slack.com").post("/api/auth.test").reply(200, { ok: false, error: "invalid_auth" });
    const slack = createSlackSurface({ config: { SLACK_BOT_TOKEN: "xoxb-revoked", SLACK_SIGNING_SECRET: SECRET }, services, commands });
    const failure = await slack.start().catch((e: unknown) => e);
    expect(isGoliveError(failure)).toBe(true);
    expect((failure as Error).message).toBe("Slack refused SLACK_BOT_TOKEN (invalid_auth).");
  });
});
