import type http from "node:http";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { Harness } from "./support/harness.js";
import { createTestPki, type TestPki } from "./support/pki.js";
import { secureDjangoSite } from "./support/sites.js";

let pki: TestPki;
const harness = new Harness(() => pki);

beforeAll(() => {
  pki = createTestPki();
});

afterEach(() => harness.closeAll());

function withHeaders(headers: http.OutgoingHttpHeaders): http.RequestListener {
  return (_req, res) => {
    res.writeHead(200, { "content-type": "text/html", ...headers });
    res.end("<h1>hi</h1>");
  };
}

async function judge(id: string, headers: http.OutgoingHttpHeaders) {
  const { byId } = await harness.audit(withHeaders(headers), [id]);
  return byId(id);
}

describe("hsts", () => {
  it("passes a year with includeSubDomains and notes preload", async () => {
    const result = await judge("hsts", { "strict-transport-security": "max-age=31536000; includeSubDomains; preload" });
    expect(result).toMatchObject({ status: "pass", evidence: { maxAge: 31536000, includeSubDomains: true, preload: true } });
    expect(result.summary).toContain("preload requested");
    expect(result.evidence["headers"]).toEqual({ "strict-transport-security": "max-age=31536000; includeSubDomains; preload" });
  });

  it("warns on a short max-age", async () => {
    const result = await judge("hsts", { "strict-transport-security": "max-age=3600; includeSubDomains" });
    expect(result.status).toBe("warn");
    expect(result.summary).toContain("max-age is 3600 s");
  });

  it("warns without includeSubDomains", async () => {
    expect((await judge("hsts", { "strict-transport-security": "max-age=63072000" })).status).toBe("warn");
  });

  it("fails when missing or switched off", async () => {
    expect((await judge("hsts", {})).status).toBe("fail");
    expect((await judge("hsts", { "strict-transport-security": "max-age=0" })).summary).toContain("max-age=0 switches HSTS off");
  });
});

describe("frame.options", () => {
  it("accepts X-Frame-Options DENY or SAMEORIGIN, or CSP frame-ancestors", async () => {
    expect((await judge("frame.options", { "x-frame-options": "DENY" })).status).toBe("pass");
    expect((await judge("frame.options", { "x-frame-options": "sameorigin" })).status).toBe("pass");
    expect((await judge("frame.options", { "content-security-policy": "frame-ancestors 'self'" })).status).toBe("pass");
  });

  it("warns on the obsolete ALLOW-FROM and fails when nothing prevents framing", async () => {
    expect((await judge("frame.options", { "x-frame-options": "ALLOW-FROM https://partner.example" })).status).toBe("warn");
    expect((await judge("frame.options", {})).status).toBe("fail");
    expect((await judge("frame.options", { "content-security-policy": "frame-ancestors *" })).status).toBe("fail");
  });
});

describe("nosniff and referrer.policy", () => {
  it("judges X-Content-Type-Options", async () => {
    expect((await judge("nosniff", { "x-content-type-options": "nosniff" })).status).toBe("pass");
    expect((await judge("nosniff", {})).status).toBe("fail");
  });

  it("judges Referrer-Policy, using the last value a browser knows", async () => {
    expect((await judge("referrer.policy", { "referrer-policy": "same-origin" })).status).toBe("pass");
    expect((await judge("referrer.policy", { "referrer-policy": "no-referrer, strict-origin-when-cross-origin" })).status).toBe("pass");
    expect((await judge("referrer.policy", { "referrer-policy": "unsafe-url" })).status).toBe("warn");
    expect((await judge("referrer.policy", {})).status).toBe("warn");
    expect((await judge("referrer.policy", { "referrer-policy": "sometimes" })).status).toBe("fail");
  });
});

describe("csp", () => {
  it("passes a strict policy (unsafe-inline next to a nonce is only a fallback)", async () => {
    const result = await judge("csp", {
      "content-security-policy": "default-src 'self'; script-src 'nonce-abc' 'strict-dynamic' 'unsafe-inline'; object-src 'none'",
    });
    expect(result).toMatchObject({ status: "pass", evidence: { weaknesses: [] } });
  });

  it("lists each weakness of a lax policy", async () => {
    const result = await judge("csp", {
      "content-security-policy": "script-src 'self' 'unsafe-inline' 'unsafe-eval' https:; img-src *",
    });
    expect(result.status).toBe("warn");
    expect(result.evidence["weaknesses"]).toEqual([
      "no default-src: anything not named falls back to allow-all",
      "no object-src 'none': plugins (object/embed) are not blocked",
      "script-src allows 'unsafe-inline'",
      "script-src allows 'unsafe-eval'",
      "script-src allows wildcard sources (https:)",
      "img-src allows any source (*)",
    ]);
  });

  it("warns on report-only and fails when there is no policy", async () => {
    expect((await judge("csp", { "content-security-policy-report-only": "default-src 'self'" })).status).toBe("warn");
    expect((await judge("csp", {})).status).toBe("fail");
  });
});

describe("server.tokens", () => {
  it("fails on version numbers and passes bare product names", async () => {
    const leaky = await judge("server.tokens", { server: "Apache/2.4.41 (Ubuntu)", "x-powered-by": "PHP/8.1.2" });
    expect(leaky.status).toBe("fail");
    expect(leaky.summary).toContain("server: Apache/2.4.41 (Ubuntu), x-powered-by: PHP/8.1.2");
    expect((await judge("server.tokens", { server: "nginx" })).status).toBe("pass");
    expect((await judge("server.tokens", { server: "gunicorn" })).status).toBe("pass");
  });
});

describe("the shared home page", () => {
  it("is fetched once for all header checks", async () => {
    const { report } = await harness.audit(secureDjangoSite(), ["hsts", "frame.options", "nosniff", "referrer.policy", "csp", "server.tokens"]);
    expect(report.results.every((result) => result.status === "pass")).toBe(true);
    expect(report.requestsMade).toBe(1);
  });
});
