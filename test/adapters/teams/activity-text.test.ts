import { describe, expect, it } from "vitest";
import { commandText, conversationKey, teamsMentionParser } from "../../../src/adapters/teams/activity-text.js";
import { retryAfterMs } from "../../../src/adapters/teams/connector-retry.js";
import { BOT_ID, fixture } from "./teams-harness.js";

const mention = (id: string, name: string) => ({ type: "mention", text: `<at>${name}</at>`, mentioned: { id, name } });
const byTeamsId = async (m: { id: string }) => `aad-of-${m.id}`;

describe("the command text of a Teams message", () => {
  it("drops golive's own mention and keeps the rest", async () => {
    expect(await commandText(fixture("channel-message"), byTeamsId)).toEqual({ text: "status", mentionsBot: true, people: new Set() });
  });

  it("turns each person's mention into @<their id>, even when two share a name", async () => {
    const activity = {
      recipient: { id: BOT_ID, name: "golive" },
      text: "<at>golive</at> role grant <at>Sam</at> member and <at>Sam</at>",
      entities: [mention(BOT_ID, "golive"), mention("29:sam-1", "Sam"), mention("29:sam-2", "Sam")],
    };
    const { text, people } = await commandText(activity, byTeamsId);
    expect(text).toBe("role grant @aad-of-29:sam-1 member and @aad-of-29:sam-2");
    expect([...people]).toEqual(["aad-of-29:sam-1", "aad-of-29:sam-2"]);
  });

  it("undoes Teams' HTML escaping and markup", async () => {
    const activity = { recipient: { id: BOT_ID }, text: "<p>note 1.2 &quot;R&amp;D&quot; &lt;ops&gt;&nbsp;&#8217;ok&#x2019;</p>" };
    expect((await commandText(activity, byTeamsId)).text).toBe('note 1.2 "R&D" <ops> \u2019ok\u2019');
  });

  it("reports a message without golive's mention", async () => {
    expect((await commandText({ recipient: { id: BOT_ID }, text: "hello <at>Sam</at>", entities: [mention("29:sam", "Sam")] }, byTeamsId)).mentionsBot).toBe(false);
  });
});

describe("mentions for dispatch", () => {
  const parse = teamsMentionParser(new Set(["aad-of-29:sam"]));
  it("accepts the people mentioned in the message and typed AAD object ids, nothing else", () => {
    expect(parse("@aad-of-29:sam")).toBe("aad-of-29:sam");
    expect(parse("@11111111-1111-4111-8111-111111111111")).toBe("11111111-1111-4111-8111-111111111111");
    expect(parse("11111111-1111-4111-8111-111111111111")).toBe("11111111-1111-4111-8111-111111111111");
    expect(parse("@alice")).toBeNull();
    expect(parse("none")).toBeNull();
  });
});

describe("conversation keys and Retry-After", () => {
  it("maps a channel thread to its channel", () => {
    expect(conversationKey("19:abc@thread.tacv2;messageid=1700")).toBe("19:abc@thread.tacv2");
    expect(conversationKey("a:1personal")).toBe("a:1personal");
  });

  it("reads Retry-After as seconds or as a date", () => {
    expect(retryAfterMs("2")).toBe(2000);
    expect(retryAfterMs("0.5")).toBe(500);
    expect(retryAfterMs("Wed, 21 Oct 2015 07:28:10 GMT", Date.parse("Wed, 21 Oct 2015 07:28:00 GMT"))).toBe(10_000);
    expect(retryAfterMs("soon")).toBeUndefined();
    expect(retryAfterMs(undefined)).toBeUndefined();
  });
});
