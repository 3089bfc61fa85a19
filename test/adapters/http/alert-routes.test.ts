import { createHmac } from "node:crypto";
import type { Server } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { alertRoutes } from "../../../src/adapters/http/alert-routes.js";
import { createRateLimiter } from "../../../src/adapters/http/request-guards.js";
import { createHttpServer, listen } from "../../../src/adapters/http/server.js";
import { engines, snapshot, useDatabase } from "../../helpers/db.js";
import { testServices } from "../../helpers/harness.js";
import { httpRequest } from "../../helpers/http.js";
import { RITA, slackLaunch, slackUser } from "../../commands/incidents-helpers.js";

const SENTRY_SECRET = "5e4a1c0ffee0ddba11c0de0123456789abcdef0123456789abcdef0123456789";

const alertmanager = (alerts: number, status: "firing" | "resolved" = "firing") => ({
  version: "4",
  groupKey: '{}:{alertname="HighErrorRate"}',
  truncatedAlerts: 0,
  status,
  receiver: "golive",
  groupLabels: { alertname: "HighErrorRate" },
  commonLabels: { alertname: "HighErrorRate", severity: "critical", job: "shop-web" },
  commonAnnotations: { summary: "5xx rate above 5% for 5 minutes" },
  externalURL: "http://alertmanager.example:9093",
  alerts: Array.from({ length: alerts }, () => ({
    status,
    labels: { alertname: "HighErrorRate", severity: "critical", job: "shop-web" },
    annotations: { summary: "5xx rate above 5% for 5 minutes" },
    startsAt: "2026-11-23T08:55:00Z",
    endsAt: "0001-01-01T00:00:00Z",
    generatorURL: "http://prometheus.example:9090/graph?g0.expr=...",
    fingerprint: "c4f1d2e3a4b5c6d7",
  })),
});

const sentryAlert = {
  action: "triggered",
  installation: { uuid: "7a485448-a9e2-4c85-8a3c-4f44175783c9" },
  data: {
    event: { title: "ZeroDivisionError: division by zero", issue_id: "1170820242", level: "error", web_url: "https://sentry.io/organizations/acme/issues/1170820242/events/a/" },
    triggered_rule: "Checkout errors",
  },
  actor: { type: "application", id: "sentry", name: "Sentry" },
};

describe.each(engines)("alert webhooks on %s", (engine) => {
  const db = useDatabase(engine);
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
  });

  async function start(limit?: number) {
    const { services, clock } = testServices(db(), "2026-11-23T09:00:00Z");
    await slackLaunch(db(), clock.now());
    const rita = slackUser(services, RITA);
    const setup = await rita("incident setup --token --sentry-env SENTRY_CLIENT_SECRET");
    const token = /\n(glv_[\w-]+)/.exec(setup.text)![1]!;
    const limiter = limit ? createRateLimiter({ capacity: limit, perMs: 60_000, nowMs: () => clock.now().getTime() }) : undefined;
    server = createHttpServer([alertRoutes({ ...services, env: { SENTRY_CLIENT_SECRET: SENTRY_SECRET }, limiter })], services.log);
    const port = await listen(server, 0, "127.0.0.1");
    const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      httpRequest(port, `/api/launches/shop-web/alerts/${path}`, { body: typeof body === "string" ? body : JSON.stringify(body), headers: { "content-type": "application/json", ...headers } });
    const incidents = () => db().query<{ id: number; source: string; dedup_key: string; alert_count: number; status: string; summary: string }>("select id, source, dedup_key, alert_count, status, summary from incidents order by id");
    return { token, post, incidents, rita, clock, port };
  }

  it("refuses a bad token or signature with 401 and creates nothing", async () => {
    const { token, post, port } = await start();
    const before = await snapshot(db());
    expect((await post("alertmanager", alertmanager(1), { authorization: "Bearer glv_wrong" })).status).toBe(401);
    expect((await post("alertmanager", alertmanager(1))).status).toBe(401);
    expect((await post("webhook", { summary: "disk full" }, { authorization: `Bearer ${token}x` })).status).toBe(401);
    const unknownLaunch = await httpRequest(port, "/api/launches/nope/alerts/webhook", { body: JSON.stringify({ summary: "disk full" }), headers: { authorization: `Bearer ${token}` } });
    expect(unknownLaunch.status).toBe(401);
    const body = JSON.stringify(sentryAlert);
    const forged = createHmac("sha256", "not-the-secret").update(body).digest("hex");
    const refused = await post("sentry", body, { "sentry-hook-resource": "event_alert", "sentry-hook-signature": forged });
    expect(refused.status).toBe(401);
    expect(refused.json().error).toMatch(/Sentry-Hook-Signature made with the client secret/);
    expect(await snapshot(db())).toEqual(before);
  });

  it("makes one incident with a count of 1,000 from 1,000 identical Alertmanager alerts, and resolves it when they resolve", async () => {
    const { token, post, incidents, rita } = await start();
    for (let i = 0; i < 10; i++) {
      const answer = await post("alertmanager", alertmanager(100), { authorization: `Bearer ${token}` });
      expect(answer.status).toBe(202);
      expect(answer.json().incidents).toEqual([{ key: "c4f1d2e3a4b5c6d7", incident: 1, action: i === 0 ? "created" : "counted", alerts: 100 }]);
    }
    expect(await incidents()).toEqual([{ id: 1, source: "alertmanager", dedup_key: "c4f1d2e3a4b5c6d7", alert_count: 1000, status: "triggered", summary: "5xx rate above 5% for 5 minutes" }]);
    const resolved = await post("alertmanager", alertmanager(1, "resolved"), { authorization: `Bearer ${token}` });
    expect(resolved.json().incidents).toEqual([{ key: "c4f1d2e3a4b5c6d7", incident: 1, action: "resolved", alerts: 1 }]);
    expect((await incidents())[0]!.status).toBe("resolved");
    expect((await rita("incident show 1")).text).toMatch(/09:00:00 {2}resolved by Alertmanager: alertmanager reports the alert resolved/);
  });

  it("verifies Sentry's signature and raises one incident per Sentry issue; the generic webhook takes a summary and a key", async () => {
    const { token, post, incidents } = await start();
    const body = JSON.stringify(sentryAlert);
    const signature = createHmac("sha256", SENTRY_SECRET).update(body).digest("hex");
    for (let i = 0; i < 2; i++) expect((await post("sentry", body, { "sentry-hook-resource": "event_alert", "sentry-hook-signature": signature })).status).toBe(202);
    expect((await post("webhook", { summary: "queue depth over 10k", key: "queue", severity: 3 }, { authorization: `Bearer ${token}` })).status).toBe(202);
    const bad = await post("webhook", { summary: "" }, { authorization: `Bearer ${token}` });
    expect(bad.status).toBe(400);
    expect(bad.json().error).toBe("not a webhook alert payload (summary: summary is empty)");
    expect(await incidents()).toEqual([
      { id: 1, source: "sentry", dedup_key: "1170820242", alert_count: 2, status: "triggered", summary: "Checkout errors: ZeroDivisionError: division by zero" },
      { id: 2, source: "webhook", dedup_key: "queue", alert_count: 1, status: "triggered", summary: "queue depth over 10k" },
    ]);
  });

  it("answers 413 to an oversized body and 429 past the rate limit, creating nothing", async () => {
    const { token, post } = await start(3);
    const before = await snapshot(db());
    const huge = JSON.stringify({ summary: "x", padding: "y".repeat(600 * 1024) });
    expect((await post("webhook", huge, { authorization: `Bearer ${token}` })).status).toBe(413);
    expect(await snapshot(db())).toEqual(before);
    expect((await post("webhook", "{}", { authorization: `Bearer ${token}` })).status).toBe(400);
    expect((await post("webhook", "{}", { authorization: `Bearer ${token}` })).status).toBe(400);
    const limited = await post("webhook", { summary: "x" }, { authorization: `Bearer ${token}` });
    expect(limited.status).toBe(429);
    expect(limited.headers["retry-after"]).toBe("20");
  });
});
