import nock from "nock";
import { afterEach, describe, expect, it } from "vitest";
import { raiseAuditRegressions } from "../../src/domain/incidents/audit-regressions.js";
import { outboxMessageDead, runDueSteps } from "../../src/domain/incidents/escalation.js";
import { raiseIncident } from "../../src/domain/incidents/incidents.js";
import { launchStatusMessage } from "../../src/domain/announcements/announce.js";
import { renderText } from "../../src/render/text.js";
import { launchesRepo } from "../../src/storage/launches-repo.js";
import { engines, snapshot, useDatabase } from "../helpers/db.js";
import { shellAs, testServices } from "../helpers/harness.js";
import { ALICE, BOB, CAROL, CHANNEL, dms, outboxRows, RITA, slackLaunch, slackUser, VIV } from "./incidents-helpers.js";

const LADDER = '"notify oncall:primary; wait 5m; notify oncall:secondary; wait 10m; notify role:release-manager; wait 10m; notify channel"';

describe.each(engines)("incidents and escalation on %s", (engine) => {
  const db = useDatabase(engine);
  afterEach(() => nock.cleanAll());

  async function setUp(now = "2026-11-23T09:00:00Z") {
    const { services, clock } = testServices(db(), now);
    const launch = await slackLaunch(db(), clock.now());
    const rita = slackUser(services, RITA);
    expect((await rita(`oncall set primary <@${ALICE}> <@${CAROL}> --every 1w --handoff "Mon 09:00"`)).ok).toBe(true);
    expect((await rita(`oncall set secondary <@${BOB}> --every 1w`)).ok).toBe(true);
    expect((await rita(`escalation set ladder ${LADDER} --phase pre-launch,launch-day,hypercare --remind 20m`)).text).toMatch(/Policy ladder \(used in pre-launch, launch-day, hypercare\)/);
    const tick = async (iso: string) => {
      clock.set(iso);
      return runDueSteps(db(), (await launchesRepo.byId(db(), launch.id))!, clock.now(), "r1");
    };
    return { services, clock, launch, rita, tick };
  }

  it("pages the primary, climbs a rung at each wait, once, at the right minute, and tells the whole timeline", async () => {
    const { services, rita, tick } = await setUp();
    const declared = await slackUser(services, CAROL)("incident declare checkout returns 500 --sev 1");
    expect(declared.text).toMatch(/Incident #1 declared \(policy ladder\)/);
    expect(await dms(db())).toEqual([`${ALICE} 09:00:00`]);
    const page = (await outboxRows(db())).find((r) => r.kind === "update")!;
    expect(page).toMatchObject({ conversation: CHANNEL, update_key: "incident-1" });

    expect(await tick("2026-11-23T09:04:59Z")).toBe(0);
    expect(await tick("2026-11-23T09:05:00Z")).toBe(1);
    expect(await tick("2026-11-23T09:05:30Z")).toBe(0);
    expect(await dms(db())).toEqual([`${ALICE} 09:00:00`, `${BOB} 09:05:00`]);
    await tick("2026-11-23T09:15:00Z");
    expect(await dms(db())).toEqual([`${ALICE} 09:00:00`, `${BOB} 09:05:00`, `${RITA} 09:15:00`]);
    await tick("2026-11-23T09:25:00Z");
    const channelPages = (await outboxRows(db())).filter((r) => r.kind === "post");
    expect(channelPages.map((r) => [r.conversation, r.summary])).toEqual([[CHANNEL, "@here incident #1 on shop-web needs someone: checkout returns 500"]]);
    expect(await tick("2026-11-23T10:00:00Z")).toBe(0);

    // The first DM was delivered two seconds later; the channel page is still being retried.
    await db().query("update outbox set status = 'delivered', delivered_at = $1 where conversation = $2 and kind = 'dm'", [new Date("2026-11-23T09:00:02Z"), ALICE]);
    await db().query("update outbox set attempts = 2, last_error = 'Slack answered HTTP 503' where kind = 'post'");
    const shown = (await rita("incident show 1")).text;
    expect(shown).toContain("2026-11-23 09:00:00  declared by @U0CAROL003 (Slack): \"checkout returns 500\" SEV1 (policy ladder)");
    expect(shown).toContain("2026-11-23 09:00:00  step 1: paged @U0ALICE001 by Slack direct message (on call in primary) — delivered 09:00:02");
    expect(shown).toContain("2026-11-23 09:05:00  step 3: paged @U0BOB00002 by Slack direct message (on call in secondary) — queued");
    expect(shown).toContain("2026-11-23 09:15:00  step 5: paged @U0RITA0001 by Slack direct message (release manager)");
    expect(shown).toContain("2026-11-23 09:25:00  step 7: paged the launch channel by Slack channel post — not delivered yet (attempt 2: Slack answered HTTP 503)");
    expect(shown).toContain("2026-11-23 09:25:00  escalation ended: the last step of the policy was done and nobody acknowledged");
  });

  it("stops at an acknowledgement, refuses a viewer with the role it takes, reminds, and closes on resolve", async () => {
    const { services, rita, tick } = await setUp();
    await rita("incident declare payments failing");
    await tick("2026-11-23T09:05:00Z");
    // Bob is a viewer, but he was paged: he may acknowledge. Viv, a viewer not paged, may not.
    const before = await snapshot(db());
    const refused = await slackUser(services, VIV)("incident ack 1");
    expect(refused.ok).toBe(false);
    expect(refused.text).toContain("`incident ack` needs the member role on shop-web (or being paged for incident #1); you are a viewer.");
    expect(refused.text).toContain("role grant @you member");
    expect(await snapshot(db())).toEqual(before);

    await tick("2026-11-23T09:06:10Z");
    const acked = await slackUser(services, BOB)("incident ack");
    expect(acked.text).toMatch(/You acknowledged incident #1: the escalation stopped\. golive reminds you in 20 minutes/);
    expect(acked.text).toMatch(/Acknowledged by @U0BOB00002 at 2026-11-23 09:06:10/);
    expect((await slackUser(services, BOB)("incident ack 1")).text).toMatch(/already acknowledged \(by @U0BOB00002\)/);
    await tick("2026-11-23T09:15:00Z");
    expect(await dms(db())).toEqual([`${ALICE} 09:00:00`, `${BOB} 09:05:00`]);
    await tick("2026-11-23T09:26:10Z");
    expect(await dms(db())).toEqual([`${ALICE} 09:00:00`, `${BOB} 09:05:00`, `${BOB} 09:26:10`]);

    await tick("2026-11-23T09:30:00Z");
    expect((await slackUser(services, CAROL)("incident note 1 rolled back the deploy")).ok).toBe(true);
    expect((await slackUser(services, BOB)("incident resolve 1 root cause: expired API key")).text).toMatch(/Incident #1 is resolved/);
    await tick("2026-11-23T11:00:00Z");
    expect(await dms(db())).toHaveLength(3);
    expect((await rita("incident list")).text).toBe("shop-web has no open incidents.");
    const shown = (await rita("incident show 1")).text;
    expect(shown).toMatch(/09:06:10 {2}acknowledged by @U0BOB00002 \(Slack\); escalation stopped/);
    expect(shown).toMatch(/09:26:10 {2}reminded @U0BOB00002 that it is still open/);
    expect(shown).toMatch(/09:30:00 {2}note by @U0CAROL003 \(Slack\): rolled back the deploy/);
    expect(shown).toMatch(/09:30:00 {2}resolved by @U0BOB00002 \(Slack\): root cause: expired API key/);
    // Every change of the page message is queued as one in-place update of the channel post.
    const updates = (await outboxRows(db())).filter((r) => r.update_key === "incident-1");
    expect(updates.every((r) => r.kind === "update" && r.conversation === CHANNEL)).toBe(true);
    expect(updates.at(-1)!.summary).toMatch(/^✅ Incident #1 .* Resolved by @U0BOB00002/);
  });

  it("escalates at once, and says so, when a page cannot be delivered", async () => {
    const { services, rita, launch } = await setUp();
    // `ops` is a name from a checklist, not a Slack user: golive has no surface to page it on.
    expect((await rita("escalation set ladder \"notify oncall:primary; wait 5m; notify oncall:secondary; wait 5m; notify channel\" --phase pre-launch")).ok).toBe(true);
    expect((await shellAs(services, RITA).run("oncall override primary @ops --from 2026-11-23T08:00:00Z --to 2026-11-23T12:00:00Z --launch shop-web")).ok).toBe(true);
    await rita("incident declare queue backing up --sev 3");
    expect(await dms(db())).toEqual([`${BOB} 09:00:00`]);
    let shown = (await rita("incident show 1")).text;
    expect(shown).toMatch(/09:00:00 {2}step 1: could not page @ops: @ops has no surface golive can reach/);
    expect(shown).toMatch(/09:00:00 {2}escalated to step 3: nobody could be paged at the previous step/);

    // Slack refuses Bob's DM (he left the workspace): the next rung is paged now, not in 5 minutes.
    const bobDm = (await outboxRows(db())).find((r) => r.kind === "dm")!;
    await db().query("update outbox set status = 'dead', last_error = 'user_not_found' where id = $1", [bobDm.id]);
    await outboxMessageDead(db(), launch.id, bobDm.id, "user_not_found", new Date("2026-11-23T09:00:40Z"));
    await outboxMessageDead(db(), launch.id, bobDm.id, "user_not_found", new Date("2026-11-23T09:00:41Z"));
    shown = (await rita("incident show 1")).text;
    expect(shown).toMatch(/09:00:00 {2}step 3: paged @U0BOB00002 by Slack direct message \(on call in secondary\) — NOT delivered: user_not_found/);
    expect(shown).toMatch(/09:00:40 {2}could not page @U0BOB00002 on Slack: user_not_found/);
    expect(shown).toMatch(/09:00:40 {2}escalated to step 5: the page to @U0BOB00002 could not be delivered/);
    expect(shown).toMatch(/09:00:40 {2}step 5: paged the launch channel by Slack channel post/);
    expect(shown.match(/escalated to step 5/g)).toHaveLength(1);
  });

  it("Escalate now pages the next step at once, and a pagerduty step triggers PagerDuty", async () => {
    const { services, rita, tick } = await setUp();
    expect((await rita("incident setup --pagerduty-env PD_ROUTING_KEY")).ok).toBe(true);
    expect((await rita('escalation set ladder "notify oncall:primary; wait 10m; pagerduty; wait 5m; notify channel" --phase pre-launch')).ok).toBe(true);
    await rita("incident declare search is down --sev 2");
    await tick("2026-11-23T09:02:00Z");
    expect((await slackUser(services, ALICE)("incident escalate 1")).text).toMatch(/Escalated incident #1: the next step was paged now/);
    const pd = await db().query<{ conversation: string; created_at: Date }>("select conversation, created_at from outbox where surface = 'pagerduty'");
    expect(pd).toEqual([{ conversation: "PD_ROUTING_KEY", created_at: new Date("2026-11-23T09:02:00Z") }]);
    // The ladder goes on from there: the channel five minutes after the escalation, not at 09:15.
    await tick("2026-11-23T09:07:00Z");
    expect((await outboxRows(db())).filter((r) => r.kind === "post" && r.surface === "slack")).toHaveLength(1);
    const shown = (await rita("incident show 1")).text;
    expect(shown).toMatch(/09:02:00 {2}escalated to step 3: escalated by @U0ALICE001/);
    expect(shown).toMatch(/09:02:00 {2}PagerDuty trigger \(dedup_key golive:shop-web:incident-1\) — queued/);
    expect((await slackUser(services, ALICE)("incident escalate 1")).text).toMatch(/has been through its whole ladder \(ladder\); nobody is left to page/);
  });

  it("deduplicates raised incidents per source and key, counting alerts, and mirrors them to PagerDuty", async () => {
    const { rita, launch, clock } = await setUp();
    expect((await rita("incident setup --pagerduty-env PD_ROUTING_KEY --mirror on")).text).toMatch(/routing key from \$PD_ROUTING_KEY; every incident mirrored/);
    const fresh = (await launchesRepo.byId(db(), launch.id))!;
    const raise = (count: number) =>
      db().transaction((tx) => raiseIncident(tx, fresh, { source: "backup", key: "nightly", summary: "nightly backup failed", severity: 2, count }, { id: "golive", surface: "job" }, clock.now()));
    expect((await raise(1)).created).toBe(true);
    expect((await raise(4)).incident.alertCount).toBe(5);
    expect((await rita("incident list")).text).toMatch(/#1 {2}SEV2 {2}triggered {2}2026-11-23 09:00:00 {2}backup ×5 {2}nightly backup failed/);
    await rita("incident resolve 1 disk full, cleaned up");
    expect((await raise(1)).created).toBe(true);
    const events = await db().query<{ payload: { blocks: { text: string }[] } }>("select payload from outbox where surface = 'pagerduty' order by id");
    expect(events.map((e) => JSON.parse(e.payload.blocks[0]!.text))).toMatchObject([
      { event_action: "trigger", dedup_key: "golive:shop-web:incident-1", payload: { summary: "[shop-web] nightly backup failed", severity: "error", source: "shop-web" } },
      { event_action: "resolve", dedup_key: "golive:shop-web:incident-1" },
      { event_action: "trigger", dedup_key: "golive:shop-web:incident-2" },
    ]);
    expect(JSON.stringify(await snapshot(db()))).not.toMatch(/routing_key/);
  });

  it("raises an incident when an audit on launch day finds a critical check regressing, and shows it on the launch status message", async () => {
    const { launch, clock } = await setUp("2026-12-01T10:00:00Z");
    const pass = new Map([["health", { status: "pass" as const }], ["tls.valid", { status: "pass" as const }]]);
    const results = [
      { id: "health", status: "error" as const, summary: "connection refused", evidence: {} },
      { id: "tls.valid", status: "pass" as const, summary: "valid", evidence: {} },
      { id: "hsts", status: "fail" as const, summary: "missing", evidence: {} },
    ];
    expect(await raiseAuditRegressions(db(), launch, pass, results, clock.now())).toBe(1);
    expect(await raiseAuditRegressions(db(), launch, pass, results, clock.now())).toBe(1);
    const message = renderText(await launchStatusMessage(db(), launch, clock.now()));
    expect(message).toMatch(/Open incidents:\n🚨 #1 SEV1 Audit: the health endpoint is down \(connection refused\) — not acknowledged \(×2\)/);
    // Before launch day a regression is the audit's business only.
    const early = { ...launch, launchDate: "2026-12-05" };
    expect(await raiseAuditRegressions(db(), early, pass, results, clock.now())).toBe(0);
  });

  it("refuses bad input with a clear error and changes nothing", async () => {
    const { rita } = await setUp();
    const before = await snapshot(db());
    const cases: [string, RegExp][] = [
      ['escalation set fast "notify oncall:primary; wait 5m; notify oncall:tertiary"', /step 3 \("notify oncall:tertiary"\): shop-web has no rotation "tertiary"/],
      ['escalation set fast "notify oncall:primary; wiat 5m; notify channel"', /Policy fast, step 2 \("wiat 5m"\): unknown step "wiat"/],
      ['escalation set fast "notify channel" --phase launchday', /"launchday" is not a phase/],
      ["oncall set primary alice bob", /"alice" is not a person/],
      ["oncall set primary <@U0ALICE001> --every 5y", /"5y" is not a shift length/],
      ['oncall set primary <@U0ALICE001> --handoff "Funday 9"', /"Funday 9" is not a handoff time/],
      ['oncall override primary <@U0BOB00002> --from "2026-11-24 18:00" --to "2026-11-24 08:00"', /--to is not after --from/],
      ['oncall override nightly <@U0BOB00002> --from "2026-11-24 18:00" --to "2026-11-25 08:00"', /has no rotation "nightly"/],
      ["oncall import primary ./oncall.ics", /can only be read from the local shell/],
      ["incident declare", /<summary> is missing/],
      ["incident declare db down --sev 7", /--sev is 1 \(worst\) to 4/],
      ["incident ack 99", /shop-web has no incident #99/],
      ["incident ack", /shop-web has no open incident/],
      ["incident setup --pagerduty-env sk_live_abc123", /NAME of an environment variable/],
    ];
    for (const [line, message] of cases) {
      const answer = await rita(line);
      expect(answer.ok, line).toBe(false);
      expect(answer.text, line).toMatch(message);
    }
    expect(await snapshot(db())).toEqual(before);
  });

  it("imports an iCalendar schedule from an https URL or a file, and shows who is on call", async () => {
    const { rita, services } = await setUp();
    const ics = [
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "PRODID:-//test//EN",
      "BEGIN:VEVENT",
      "UID:w1@test",
      "DTSTART;TZID=Europe/London:20261123T090000",
      "DTEND;TZID=Europe/London:20261130T090000",
      "RRULE:FREQ=WEEKLY;INTERVAL=2",
      `SUMMARY:Primary <@${CAROL}>`,
      "END:VEVENT",
      "BEGIN:VEVENT",
      "UID:w2@test",
      "DTSTART;TZID=Europe/London:20261130T090000",
      "DTEND;TZID=Europe/London:20261207T090000",
      "RRULE:FREQ=WEEKLY;INTERVAL=2",
      `SUMMARY:Primary <@${ALICE}>`,
      "END:VEVENT",
      "END:VCALENDAR",
    ].join("\r\n");
    nock("https://calendar.example.com").get("/oncall.ics").query(true).reply(200, ics, { "content-type": "text/calendar" });
    const imported = await rita("oncall import primary https://calendar.example.com/oncall.ics?token=s3cret");
    expect(imported.text).toMatch(/Rotation primary now follows https:\/\/calendar\.example\.com\/oncall\.ics: \d+ shift\(s\) from 2 event\(s\)/);
    expect(JSON.stringify(await snapshot(db()))).not.toContain("s3cret");
    expect((await rita("oncall who")).text).toMatch(/primary: {3}@U0CAROL003 until Mon 30 Nov 09:00\nsecondary: @U0BOB00002/);
    expect((await rita('oncall who --at "2026-12-01 12:00"')).text).toMatch(/primary: {3}@U0ALICE001 until Mon 7 Dec 09:00/);
    const show = (await rita("oncall show")).text;
    // In the local shell a file works too (people are shell users there).
    const fromFile = await shellAs(services, RITA).run("oncall import tertiary test/fixtures/ical/oncall-weekly.ics --launch shop-web");
    expect(fromFile.text).toMatch(/Rotation tertiary now follows oncall-weekly\.ics: \d+ shift\(s\) from 3 event\(s\)/);
    expect(show).toContain("primary (imported from https://calendar.example.com/oncall.ics):\nMon 23 Nov 09:00 → Mon 30 Nov 09:00  @U0CAROL003\nMon 30 Nov 09:00 → Mon 7 Dec 09:00  @U0ALICE001");
  });
});
