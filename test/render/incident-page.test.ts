import { describe, expect, it } from "vitest";
import { channelMentionMessage } from "../../src/adapters/teams/card-message.js";
import { channelPage, incidentCard } from "../../src/domain/incidents/messages.js";
import type { Launch } from "../../src/domain/launches/types.js";
import { renderBlockKit } from "../../src/render/blockkit.js";
import { renderText } from "../../src/render/text.js";
import type { Incident } from "../../src/storage/incidents-repo.js";
import { assertValidCard } from "../helpers/adaptive-cards.js";
import { assertSlackLimits } from "../helpers/slack-limits.js";

const launch: Launch = { id: 1, name: "shop-web", checklistId: "shop", checklistTitle: "Shop", launchDate: "2026-12-01", timezone: "Europe/London", url: null, settings: {}, createdBy: "U0RITA0001", createdAt: new Date("2026-11-01T00:00:00Z"), archivedAt: null };
const incident: Incident = {
  id: 7, launchId: 1, summary: "checkout returns 500 ".repeat(30).trim(), severity: 1, source: "alertmanager", dedupKey: "c4f1", alertCount: 1000, lastAlertAt: new Date("2026-11-23T09:01:00Z"),
  status: "triggered", policy: "ladder", steps: [], remindMinutes: 30, nextStep: 2, repeatsDone: 0, paged: ["U0ALICE001", "U0BOB00002"], pagerdutyEnv: null,
  declaredBy: "alertmanager", declaredAt: new Date("2026-11-23T09:00:00Z"), ackedBy: null, ackedAt: null, resolvedBy: null, resolvedAt: null,
};

describe("the page message", () => {
  it("calls on the Slack channel with @here, within Block Kit's limits, with the three buttons", () => {
    const message = renderBlockKit(channelPage(launch, incident));
    expect(message.blocks[0]).toEqual({ type: "section", text: { type: "mrkdwn", text: "<!here>" } });
    expect(message.text.startsWith("<!here> ")).toBe(true);
    assertSlackLimits(message as never, "message");
    const buttons = message.blocks.flatMap((b) => ("elements" in b && b.type === "actions" ? b.elements : [])).map((e) => (e as { text: { text: string } }).text.text);
    expect(buttons).toEqual(["Acknowledge", "Resolve", "Escalate now"]);
  });

  it("mentions the Teams channel in the message and keeps a valid card", () => {
    const activity = channelMentionMessage(channelPage(launch, incident), { id: "19:launch-shop-7f3a@thread.tacv2", name: "Launch" });
    expect(activity.text).toMatch(/^<at>Launch<\/at> incident #7 on shop-web needs someone/);
    expect(activity.entities).toEqual([{ type: "mention", text: "<at>Launch</at>", mentioned: { id: "19:launch-shop-7f3a@thread.tacv2", name: "Launch", role: "channel" } }]);
    assertValidCard(activity.attachments![0]!.content as Record<string, unknown>);
  });

  it("reads well as text, and loses its buttons once resolved", () => {
    expect(renderText(incidentCard(launch, incident))).toMatch(/Source: {3}Alertmanager · seen 1,000 times\nPaged: {4}@U0ALICE001, @U0BOB00002/);
    const resolved = incidentCard(launch, { ...incident, status: "resolved", resolvedBy: "U0BOB00002", resolvedAt: new Date("2026-11-23T09:20:05Z") });
    expect(resolved.blocks.some((b) => b.kind === "actions")).toBe(false);
    expect(renderText(resolved)).toMatch(/Status: {3}Resolved by @U0BOB00002 at 2026-11-23 09:20:05/);
  });
});
