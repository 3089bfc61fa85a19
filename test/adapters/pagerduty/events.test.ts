import nock from "nock";
import { afterEach, describe, expect, it } from "vitest";
import { createPagerDutyNotifier } from "../../../src/adapters/pagerduty/notifier.js";
import { outboxMessageDead } from "../../../src/domain/incidents/escalation.js";
import { createDispatcher } from "../../../src/jobs/dispatcher.js";
import { createLogger } from "../../../src/log.js";
import { engines, snapshot, useDatabase } from "../../helpers/db.js";
import { testServices } from "../../helpers/harness.js";
import { RITA, slackLaunch, slackUser } from "../../commands/incidents-helpers.js";

const KEY = "R0ut1ngKey0123456789abcdefABCDEF";
type Sent = Record<string, unknown>;

function pagerDuty(answers: { status: number; body: Record<string, unknown> }[]) {
  const sent: Sent[] = [];
  const scope = nock("https://events.pagerduty.com");
  for (const answer of answers) {
    scope
      .post("/v2/enqueue", (body) => {
        sent.push(body as Sent);
        return true;
      })
      .reply(answer.status, answer.body);
  }
  return { sent, scope };
}

describe.each(engines)("PagerDuty Events API v2 through the outbox on %s", (engine) => {
  const db = useDatabase(engine);
  afterEach(() => nock.cleanAll());

  async function setUp(env: Record<string, string> = { PD_ROUTING_KEY: KEY }) {
    const { services, clock } = testServices(db(), "2026-11-23T09:00:00Z");
    const launch = await slackLaunch(db(), clock.now());
    const rita = slackUser(services, RITA);
    await rita("incident setup --pagerduty-env PD_ROUTING_KEY --mirror on");
    const lines: string[] = [];
    const dispatcher = createDispatcher({
      db: db(),
      log: createLogger({ level: "info", destination: { write: (line: string) => void lines.push(line) } }),
      replica: "r1",
      notifiers: { pagerduty: createPagerDutyNotifier({ env }) },
      backoff: { random: () => 0.5 },
      onDead: (m, reason, now) => outboxMessageDead(db(), m.launchId, m.id, reason, now),
    });
    return { clock, rita, launch, dispatcher, lines };
  }

  it("triggers with golive's dedup_key, retries a 429 through the outbox, and a 202 is delivered", async () => {
    const { clock, rita, dispatcher } = await setUp();
    const pd = pagerDuty([
      { status: 429, body: { status: "throttle event", message: "Requests for this service are arriving too quickly.  Please retry later." } },
      { status: 202, body: { status: "success", message: "Event processed", dedup_key: "golive:shop-web:incident-1" } },
    ]);
    await rita("incident declare checkout returns 500 --sev 1");
    expect(await dispatcher.runOnce(clock.now())).toBe(1);
    const [row] = await db().query<{ status: string; attempts: number; next_attempt_at: Date; last_error: string }>("select status, attempts, next_attempt_at, last_error from outbox where surface = 'pagerduty'");
    expect(row).toMatchObject({ status: "pending", attempts: 1, last_error: expect.stringMatching(/PagerDuty answered HTTP 429 .*retrying/) });
    expect(row!.next_attempt_at.getTime() - clock.now().getTime()).toBe(1_500);
    clock.set(row!.next_attempt_at);
    expect(await dispatcher.runOnce(clock.now())).toBe(1);
    expect(pd.scope.isDone()).toBe(true);
    expect(pd.sent[1]).toEqual({
      routing_key: KEY,
      event_action: "trigger",
      dedup_key: "golive:shop-web:incident-1",
      client: "golive",
      payload: { summary: "[shop-web] checkout returns 500", source: "shop-web", severity: "critical", custom_details: { launch: "shop-web", incident: 1, source: "declared", alerts: 1 } },
    });
    expect((await rita("incident show 1")).text).toMatch(/09:00:00 {2}PagerDuty trigger \(dedup_key golive:shop-web:incident-1\) — delivered 09:00:01/);
  });

  it("takes a 400 as final: not retried, said on the timeline, and the routing key is never stored or logged", async () => {
    const { clock, rita, dispatcher, lines } = await setUp();
    pagerDuty([{ status: 202, body: { status: "success", dedup_key: "golive:shop-web:incident-1" } }]);
    await rita("incident declare checkout returns 500");
    await dispatcher.runOnce(clock.now());
    await rita("incident ack 1");
    const pd = pagerDuty([{ status: 400, body: { status: "invalid event", message: "Event object is invalid", errors: ["'event_action' is invalid (must be one of the following: 'trigger', 'acknowledge' or 'resolve')"] } }]);
    expect(await dispatcher.runOnce(clock.now())).toBe(1);
    expect(pd.sent[0]).toEqual({ routing_key: KEY, event_action: "acknowledge", dedup_key: "golive:shop-web:incident-1" });
    const rows = await db().query<{ status: string; attempts: number }>("select status, attempts from outbox where surface = 'pagerduty' order by id");
    expect(rows).toEqual([
      { status: "delivered", attempts: 1 },
      { status: "dead", attempts: 1 },
    ]);
    clock.set("2026-11-23T10:00:00Z");
    expect(await dispatcher.runOnce(clock.now())).toBe(0);
    const shown = (await rita("incident show 1")).text;
    expect(shown).toMatch(/PagerDuty acknowledge \(dedup_key golive:shop-web:incident-1\) — NOT delivered: PagerDuty refused the event \(HTTP 400\): Event object is invalid: 'event_action' is invalid/);
    expect(shown).toMatch(/could not page PagerDuty on PagerDuty: PagerDuty refused the event \(HTTP 400\)/);
    expect(lines.join("")).toContain("moved to dead letters");
    expect(lines.join("")).not.toContain(KEY);
    expect(JSON.stringify(await snapshot(db()))).not.toContain(KEY);
  });

  it("says which environment variable is missing, without calling PagerDuty", async () => {
    const { clock, rita, dispatcher } = await setUp({});
    await rita("incident declare checkout returns 500");
    await dispatcher.runOnce(clock.now());
    const [row] = await db().query<{ status: string; last_error: string }>("select status, last_error from outbox where surface = 'pagerduty'");
    expect(row).toEqual({ status: "dead", last_error: expect.stringMatching(/^environment variable PD_ROUTING_KEY is not set: set it to the routing key/) });
  });
});
