import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listChecks, runAudit } from "../../../src/domain/audit/run-audit.js";
import { CHECK_WEIGHTS } from "../../../src/domain/audit/scoring.js";
import type { CheckResult } from "../../../src/domain/audit/types.js";
import { Harness, toTarget as target } from "./support/harness.js";
import { createTestPki, daysFromNow, type TestPki } from "./support/pki.js";
import { closedPort, startHttp, startHttps, startTcp } from "./support/servers.js";
import { insecureDjangoSite, redirector, secureDjangoSite } from "./support/sites.js";
import { machineNow } from "../../helpers/time.js";

function verdicts(results: CheckResult[]): Record<string, string> {
  return Object.fromEntries(results.map((result) => [result.id, result.status]));
}

let pki: TestPki;
const harness = new Harness(() => pki);
const serve = harness.track.bind(harness);

beforeAll(() => {
  pki = createTestPki();
});

afterAll(() => harness.closeAll());

describe("runAudit against a well-configured Django site", () => {
  it("passes every check and grades A+", async () => {
    const cert = pki.issue({ hosts: ["localhost", "127.0.0.1"], notBefore: daysFromNow(-1), notAfter: daysFromNow(200) });
    const site = secureDjangoSite({ lockoutAfter: 3 });
    const httpsServer = await serve(startHttps(cert, site));
    const httpServer = await serve(startHttp(redirector(301, (path) => `https://127.0.0.1:${httpsServer.port}${path}`)));
    const report = await runAudit(
      target({
        url: `https://127.0.0.1:${httpsServer.port}/`,
        httpUrl: `http://127.0.0.1:${httpServer.port}/`,
        caPem: pki.caPem,
        errorPath: "/boom/",
        closedPorts: [await closedPort()],
        rateLimitLogin: { enabled: true, attempts: 5 },
      }),
      { now: machineNow },
    );
    const failing = report.results.filter((result) => result.status !== "pass");
    expect(failing).toEqual([]);
    expect(verdicts(report.results)).toEqual(Object.fromEntries(listChecks().map((check) => [check.id, "pass"])));
    expect(report.score).toBe(100);
    expect(report.grade).toBe("A+");
    expect(site.loginPosts).toBe(4);
    expect(report.requestsMade).toBeLessThanOrEqual(40);
  });
});

describe("runAudit against a careless Django site", () => {
  it("reports what a security engineer would flag and grades F", async () => {
    const cert = pki.issue({ hosts: ["localhost", "127.0.0.1"], notBefore: daysFromNow(-1), notAfter: daysFromNow(200) });
    const httpsServer = await serve(startHttps(cert, insecureDjangoSite()));
    const httpServer = await serve(startHttp(insecureDjangoSite()));
    const postgres = await serve(startTcp());
    const report = await runAudit(
      target({
        url: `https://127.0.0.1:${httpsServer.port}/`,
        httpUrl: `http://127.0.0.1:${httpServer.port}/`,
        caPem: pki.caPem,
        closedPorts: [postgres.port, await closedPort()],
        rateLimitLogin: { enabled: true, attempts: 3 },
      }),
      { now: machineNow },
    );
    expect(verdicts(report.results)).toEqual({
      "tls.valid": "pass",
      "tls.protocols": "pass",
      "https.redirect": "fail",
      hsts: "fail",
      "frame.options": "fail",
      nosniff: "fail",
      "referrer.policy": "warn",
      csp: "fail",
      "server.tokens": "fail",
      "cookies.secure": "fail",
      "django.debug": "fail",
      "admin.exposed": "warn",
      "csrf.form": "fail",
      "ratelimit.login": "fail",
      health: "fail",
      "static.served": "fail",
      "ports.closed": "fail",
      "ports.open": "pass",
    });
    const byId = Object.fromEntries(report.results.map((result) => [result.id, result]));
    expect(byId["cookies.secure"]?.summary).toContain("sessionid (not Secure, session cookie not HttpOnly, no SameSite)");
    expect(byId["server.tokens"]?.summary).toContain("nginx/1.18.0");
    expect(byId["ports.closed"]?.summary).toContain(String(postgres.port));
    expect(byId["health"]?.summary).toContain('reports status "degraded"');
    expect(byId["django.debug"]?.summary).toContain("DEBUG = True");
    expect(report.score).toBe(0);
    expect(report.grade).toBe("F");
  });
});

describe("check selection", () => {
  it("runs only the named checks and explains unknown or opt-in ones", async () => {
    const cert = pki.issue({ hosts: ["127.0.0.1"], notBefore: daysFromNow(-1), notAfter: daysFromNow(200) });
    const httpsServer = await serve(startHttps(cert, secureDjangoSite()));
    const report = await runAudit(target({ url: `https://127.0.0.1:${httpsServer.port}/`, caPem: pki.caPem }), {
      only: ["hsts", "ratelimit.login", "no.such"],
      now: machineNow,
    });
    expect(report.results.map((result) => [result.id, result.status])).toEqual([
      ["hsts", "pass"],
      ["ratelimit.login", "error"],
      ["no.such", "error"],
    ]);
    expect(report.results[1]?.summary).toContain("opt-in");
    expect(report.results[2]?.summary).toContain('unknown check "no.such"');
  });

  it("leaves opt-in checks out of a full run unless enabled", async () => {
    const report = await runAudit(target({ url: "https://127.0.0.1:1/", closedPorts: [], openPorts: [] }), {
      now: machineNow,
      checks: listChecks().map(({ id, description }) => ({
        id,
        description,
        enabledFor: id === "ratelimit.login" ? () => false : undefined,
        run: async () => ({ id, status: "pass" as const, summary: "ok", evidence: {} }),
      })),
    });
    expect(report.results.map((result) => result.id)).not.toContain("ratelimit.login");
    expect(report.results).toHaveLength(listChecks().length - 1);
  });

  it("runs opt-in checks after the read-only ones, reporting in check order", async () => {
    const events: string[] = [];
    const report = await runAudit(target({ url: "https://127.0.0.1:1/" }), {
      now: machineNow,
      checks: [
        {
          id: "logins",
          description: "opt-in",
          enabledFor: () => true,
          run: async () => {
            events.push("opt-in started");
            return { id: "logins", status: "pass", summary: "", evidence: {} };
          },
        },
        {
          id: "headers",
          description: "read-only",
          run: async () => {
            await new Promise((resolve) => setImmediate(resolve));
            events.push("read-only finished");
            return { id: "headers", status: "pass", summary: "", evidence: {} };
          },
        },
      ],
    });
    expect(events).toEqual(["read-only finished", "opt-in started"]);
    expect(report.results.map((result) => result.id)).toEqual(["logins", "headers"]);
  });

  it("turns a check that throws into an error result", async () => {
    const report = await runAudit(target({ url: "https://127.0.0.1:1/" }), {
      now: machineNow,
      checks: [{ id: "boom", description: "throws", run: () => Promise.reject(new Error("kaput")) }],
    });
    expect(report.results).toEqual([{ id: "boom", status: "error", summary: "the check itself failed: kaput", evidence: {} }]);
  });

  it("lists every check with a description and a weight", () => {
    const checks = listChecks();
    expect(checks.length).toBe(18);
    expect(checks.filter((check) => check.optIn).map((check) => check.id)).toEqual(["ratelimit.login"]);
    for (const check of checks) {
      expect(check.description.length).toBeGreaterThan(10);
      expect(CHECK_WEIGHTS[check.id], check.id).toBeDefined();
    }
  });
});
