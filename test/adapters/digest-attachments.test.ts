// The digest's chart at the network edge: uploaded to Slack with files.uploadV2 right after
// the message, and attached to the Teams message as an inline image beside the card.
import { Writable } from "node:stream";
import nock from "nock";
import { afterEach, describe, expect, it } from "vitest";
import { createSlackNotifier } from "../../src/adapters/slack/notifier.js";
import { chartPng } from "../../src/domain/digest/chart.js";
import { createLogger } from "../../src/log.js";
import type { Reply } from "../../src/render/reply.js";
import { engines, useDatabase } from "../helpers/db.js";
import { cardOf, cardText, connector, fixture, startTeams, TEAM, type TeamsTestApp } from "./teams/teams-harness.js";

const png = chartPng("shop-web: requests, p95 and 5xx per hour", [
  { start: "2026-11-24T09:00:00Z", requests: 120, s5xx: 3, p95: 250 },
  { start: "2026-11-24T10:00:00Z", requests: 80, s5xx: 0, p95: 180 },
], "UTC", 60).toString("base64");

const digest: Reply = {
  ok: true,
  visibility: "public",
  summary: "Daily digest — shop-web — T+1: 200 requests, 3 5xx",
  blocks: [
    { kind: "heading", text: "Daily digest — shop-web — T+1" },
    { kind: "text", text: "5xx per hour: █▁" },
    { kind: "image", title: "Requests, p95 and 5xx per hour", alt: "Requests, p95 latency and 5xx per hour", filename: "digest-shop-web-2026-11-24.png", pngBase64: png },
  ],
};

describe("the digest chart on Slack", () => {
  const SLACK = "https://slack.com";

  it("posts the message, then uploads the chart into the same channel", async () => {
    const bodies: Record<string, Record<string, string>> = {};
    const record = (name: string) => (body: unknown) => {
      bodies[name] = typeof body === "string" ? Object.fromEntries(new URLSearchParams(body)) : (body as Record<string, string>);
      return true;
    };
    nock(SLACK).post("/api/chat.postMessage", record("post")).reply(200, { ok: true, channel: "C1", ts: "1700000000.000100" });
    nock(SLACK).post("/api/files.getUploadURLExternal", record("url")).reply(200, { ok: true, upload_url: "https://files.slack.com/upload/v1/ABC123", file_id: "F123" });
    const upload = nock("https://files.slack.com").post("/upload/v1/ABC123").reply(200, "OK - 1234");
    nock(SLACK).post("/api/files.completeUploadExternal", record("complete")).reply(200, { ok: true, files: [{ id: "F123" }] });

    const notifier = createSlackNotifier({ token: "xoxb-test" });
    expect(await notifier.deliver({ conversation: "C1", kind: "post" }, digest)).toEqual({ platformRef: "C1/1700000000.000100" });
    expect(upload.isDone()).toBe(true);
    expect(nock.isDone()).toBe(true);
    expect(JSON.stringify(bodies.post)).not.toContain(png.slice(0, 40));
    expect(bodies.url).toMatchObject({ filename: "digest-shop-web-2026-11-24.png", length: String(Buffer.from(png, "base64").length) });
    expect(bodies.complete!.channel_id).toBe("C1");
    expect(JSON.parse(bodies.complete!.files!)).toEqual([{ id: "F123", title: "Requests, p95 and 5xx per hour" }]);
  });

  it("keeps the delivered message when the upload fails (missing files:write), and says so in the log", async () => {
    const lines: { msg: string }[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    });
    const log = createLogger({ level: "warn", destination });
    const post = nock(SLACK).post("/api/chat.postMessage").once().reply(200, { ok: true, channel: "C1", ts: "1700000000.000200" });
    nock(SLACK).post("/api/files.getUploadURLExternal").reply(200, { ok: false, error: "missing_scope", needed: "files:write" });
    const notifier = createSlackNotifier({ token: "xoxb-test", log });
    expect(await notifier.deliver({ conversation: "C1", kind: "post" }, digest)).toEqual({ platformRef: "C1/1700000000.000200" });
    expect(post.isDone()).toBe(true);
    expect(lines.map((l) => l.msg)).toEqual(["slack: the chart could not be uploaded; the message went out without it"]);
  });
});

describe.each(engines)("the digest chart on Teams (%s)", (engine) => {
  const db = useDatabase(engine);
  let app: TeamsTestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it("sends the chart as an inline PNG attachment beside the card", async () => {
    app = await startTeams(db());
    expect((await app.post(fixture("install-team"))).status).toBe(200);
    const bot = connector();
    await app.surface.notifier.deliver({ conversation: TEAM, kind: "post" }, digest);
    const body = bot.last().body as { attachments: { contentType: string; contentUrl?: string; name?: string }[] };
    expect(cardText(cardOf(bot.last().body))).toContain("5xx per hour");
    expect(body.attachments).toHaveLength(2);
    expect(body.attachments[1]).toEqual({ contentType: "image/png", contentUrl: `data:image/png;base64,${png}`, name: "digest-shop-web-2026-11-24.png" });
  });
});
