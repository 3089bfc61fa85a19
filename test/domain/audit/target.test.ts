import { describe, expect, it } from "vitest";
import { parseAuditTarget } from "../../../src/domain/audit/target.js";

describe("parseAuditTarget", () => {
  it("fills in the defaults", () => {
    expect(parseAuditTarget({ url: "https://academy.example.com/" })).toEqual({
      ok: true,
      target: {
        url: "https://academy.example.com/",
        httpUrl: "http://academy.example.com/",
        healthPath: "/health/",
        loginPath: "/accounts/login/",
        adminPath: "/admin/",
        closedPorts: [5432, 6379, 8000],
        openPorts: [80, 443],
        timeoutMs: 5000,
        rateLimitLogin: { enabled: false, attempts: 10 },
      },
    });
  });

  it("drops a non-default https port from the default http URL", () => {
    const parsed = parseAuditTarget({ url: "https://academy.example.com:8443/app/" });
    expect(parsed.ok && parsed.target.httpUrl).toBe("http://academy.example.com/");
    expect(parsed.ok && parsed.target.openPorts).toEqual([80, 8443]);
  });

  it("keeps explicit values", () => {
    const parsed = parseAuditTarget({
      url: "https://127.0.0.1:4443/",
      httpUrl: "http://127.0.0.1:4080/",
      staticPath: "/static/app.css",
      errorPath: "/boom/",
      openPorts: [4443],
      closedPorts: [],
      rateLimitLogin: { enabled: true, attempts: 5 },
      timeoutMs: 100,
    });
    expect(parsed).toMatchObject({
      ok: true,
      target: { staticPath: "/static/app.css", errorPath: "/boom/", openPorts: [4443], closedPorts: [], rateLimitLogin: { enabled: true, attempts: 5 } },
    });
  });

  it.each([
    [{ url: "http://academy.example.com/" }, "url: must start with https:// (e.g. https://app.example.com/)"],
    [{ url: "academy.example.com" }, "url: must be a full URL like https://app.example.com/"],
    [{}, "url: must be a URL like https://app.example.com/"],
    [{ url: "https://a.example/", httpUrl: "https://a.example/" }, "httpUrl: must start with http://"],
    [{ url: "https://a.example/", healthPath: "health" }, "healthPath: must be a path starting with '/'"],
    [{ url: "https://a.example/", closedPorts: [5432, 70000] }, "closedPorts.1: ports must be between 1 and 65535"],
    [{ url: "https://a.example/", timeoutMs: 50 }, "timeoutMs: must be at least 100 ms"],
    [{ url: "https://a.example/", timeoutMs: 120_000 }, "timeoutMs: must be at most 60000 ms"],
    [{ url: "https://a.example/", rateLimitLogin: { enabled: true, attempts: 50 } }, "rateLimitLogin.attempts: must be at most 20"],
    [{ url: "https://a.example/", caPem: "not a cert" }, "caPem: must be a PEM certificate"],
    [{ url: "https://a.example/", healthpath: "/h/" }, "healthpath"],
  ])("rejects %j with a message naming the field", (input, message) => {
    const parsed = parseAuditTarget(input);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? "" : parsed.error).toContain(message);
  });
});
