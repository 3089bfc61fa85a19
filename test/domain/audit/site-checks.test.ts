import type http from "node:http";
import zlib from "node:zlib";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseSetCookie } from "../../../src/domain/audit/checks/cookies.js";
import { linkedAssets } from "../../../src/domain/audit/checks/static.js";
import { Harness } from "./support/harness.js";
import { createTestPki, type TestPki } from "./support/pki.js";
import { DEBUG_404_PAGE, insecureDjangoSite, secureDjangoSite } from "./support/sites.js";

let pki: TestPki;
const harness = new Harness(() => pki);

beforeAll(() => {
  pki = createTestPki();
});

afterEach(() => harness.closeAll());

type Route = { status?: number; headers?: http.OutgoingHttpHeaders; body?: string | Buffer };

/** A site made of fixed answers per path; anything else is a plain 404. */
function routes(table: Record<string, Route | ((req: http.IncomingMessage) => Route)>): http.RequestListener {
  return (req, res) => {
    const path = new URL(req.url ?? "/", "https://x").pathname;
    const entry = table[path];
    const route = typeof entry === "function" ? entry(req) : (entry ?? { status: 404, body: "<h1>Not Found</h1>" });
    req.resume();
    res.writeHead(route.status ?? 200, { "content-type": "text/html", ...route.headers });
    res.end(route.body ?? "");
  };
}

describe("cookies.secure", () => {
  it("parses Set-Cookie attributes case-insensitively", () => {
    expect(parseSetCookie("sessionid=abc; expires=Thu, 01 Jan 2099 00:00:00 GMT; HttpOnly; Max-Age=1209600; Path=/; SameSite=Lax; Secure")).toEqual({
      name: "sessionid",
      secure: true,
      httpOnly: true,
      sameSite: "Lax",
    });
    expect(parseSetCookie("theme=dark; path=/; secure")).toEqual({ name: "theme", secure: true, httpOnly: false, sameSite: null });
    expect(parseSetCookie("garbage")).toBeNull();
  });

  it("reads every Set-Cookie header of the home and login pages", async () => {
    const site = routes({
      "/": { headers: { "set-cookie": ["csrftoken=x; Path=/; SameSite=Lax; Secure", "sessionid=y; HttpOnly; Path=/; SameSite=Lax; Secure"] } },
      "/accounts/login/": { headers: { "set-cookie": ["messages=z; Path=/; SameSite=Lax"] } },
    });
    const { byId } = await harness.audit(site, ["cookies.secure"]);
    const result = byId("cookies.secure");
    expect(result.status).toBe("fail");
    expect(result.summary).toBe("cookies at risk: messages (not Secure)");
    expect(result.evidence["cookies"]).toHaveLength(3);
  });

  it("warns when a Secure cookie has no SameSite", async () => {
    const site = routes({ "/": { headers: { "set-cookie": ["csrftoken=x; Path=/; Secure"] } } });
    const { byId } = await harness.audit(site, ["cookies.secure"]);
    expect(byId("cookies.secure")).toMatchObject({ status: "warn", summary: "cookies without SameSite: csrftoken (no SameSite)" });
  });

  it("passes a site that sets no cookies", async () => {
    const { byId } = await harness.audit(routes({ "/": {} }), ["cookies.secure"]);
    expect(byId("cookies.secure")).toMatchObject({ status: "pass", summary: "no cookies set on the home or login page" });
  });
});

describe("django.debug", () => {
  it("catches the technical 500 page on errorPath even when 404s look fine", async () => {
    const debug500 = DEBUG_404_PAGE.replace("Page not found", "ZeroDivisionError at /boom/");
    const site = routes({ "/boom/": { status: 500, body: debug500 } });
    const { byId, port } = await harness.audit(site, ["django.debug"], { errorPath: "/boom/" });
    const result = byId("django.debug");
    expect(result.status).toBe("fail");
    expect(result.summary).toContain(`https://127.0.0.1:${port}/boom/`);
    const probes = result.evidence["probes"] as { url: string; status: number; debugMarker: string | null }[];
    expect(probes[0]?.url).toMatch(/\/golive-audit-[0-9a-f]{12}\/$/);
    expect(probes[0]?.debugMarker).toBeNull();
    expect(probes[1]?.status).toBe(500);
  });

  it("follows a same-host redirect (e.g. i18n prefix) before judging", async () => {
    const site: http.RequestListener = (req, res) => {
      if (req.url?.startsWith("/en/")) {
        res.writeHead(404, { "content-type": "text/html" });
        return res.end(DEBUG_404_PAGE);
      }
      res.writeHead(302, { location: `/en${req.url}` });
      res.end();
    };
    const { byId } = await harness.audit(site, ["django.debug"]);
    const result = byId("django.debug");
    expect(result.status).toBe("fail");
    const [probe] = result.evidence["probes"] as { redirects: { status: number }[] }[];
    expect(probe?.redirects).toHaveLength(1);
  });

  it("passes Django's production 404", async () => {
    const { byId } = await harness.audit(secureDjangoSite(), ["django.debug"]);
    expect(byId("django.debug")).toMatchObject({ status: "pass", summary: "no debug page: error pages answered 404" });
  });
});

describe("admin.exposed", () => {
  it("passes 404 and 403, warns on a reachable admin login", async () => {
    expect((await harness.audit(routes({}), ["admin.exposed"])).byId("admin.exposed").status).toBe("pass");
    expect((await harness.audit(routes({ "/admin/": { status: 403 } }), ["admin.exposed"])).byId("admin.exposed").status).toBe("pass");
    const redirected = (await harness.audit(insecureDjangoSite(), ["admin.exposed"])).byId("admin.exposed");
    expect(redirected).toMatchObject({ status: "warn", evidence: { status: 302, location: "/admin/login/?next=/admin/" } });
    const custom = await harness.audit(routes({ "/staff-only/": { status: 200 } }), ["admin.exposed"], { adminPath: "/staff-only/" });
    expect(custom.byId("admin.exposed").summary).toContain("admin is reachable from the internet at /staff-only/");
  });
});

describe("csrf.form", () => {
  it("passes a Django login form with csrfmiddlewaretoken", async () => {
    const { byId } = await harness.audit(secureDjangoSite(), ["csrf.form"]);
    expect(byId("csrf.form")).toMatchObject({ status: "pass", evidence: { tokenInForm: true, csrfCookie: true } });
  });

  it("accepts a form plus a csrftoken cookie (token added by script)", async () => {
    const site = routes({ "/accounts/login/": { headers: { "set-cookie": ["csrftoken=abc; Path=/; Secure; SameSite=Lax"] }, body: '<form method="post"></form>' } });
    expect((await harness.audit(site, ["csrf.form"])).byId("csrf.form")).toMatchObject({ status: "pass", evidence: { tokenInForm: false } });
  });

  it("fails a form without any CSRF token and warns when the login page is missing", async () => {
    expect((await harness.audit(insecureDjangoSite(), ["csrf.form"])).byId("csrf.form").status).toBe("fail");
    const missing = (await harness.audit(routes({}), ["csrf.form"])).byId("csrf.form");
    expect(missing.status).toBe("warn");
    expect(missing.summary).toContain("set loginPath");
  });
});

describe("ratelimit.login", () => {
  it("passes when failed logins are answered 429 and stops there", async () => {
    const site = secureDjangoSite({ lockoutAfter: 2 });
    const { byId } = await harness.audit(site, ["ratelimit.login"], { rateLimitLogin: { enabled: true, attempts: 10 } });
    expect(byId("ratelimit.login")).toMatchObject({ status: "pass", evidence: { statuses: [200, 200, 429] } });
    expect(site.loginPosts).toBe(3);
  });

  it("sends the CSRF token, cookie and Referer Django needs", async () => {
    const seen: { body: string; headers: http.IncomingHttpHeaders }[] = [];
    const site: http.RequestListener = (req, res) => {
      if (req.method !== "POST") return secureDjangoSite()(req, res);
      let body = "";
      req.on("data", (chunk) => {
        body += chunk;
      });
      req.on("end", () => {
        seen.push({ body, headers: req.headers });
        res.writeHead(403, { "content-type": "text/html" });
        res.end("<h1>Forbidden <span>(403)</span></h1><p>CSRF verification failed. Request aborted.</p>");
      });
    };
    const { byId, port } = await harness.audit(site, ["ratelimit.login"], { rateLimitLogin: { enabled: true, attempts: 3 } });
    expect(byId("ratelimit.login").status).toBe("error");
    expect(byId("ratelimit.login").summary).toContain("rejected by CSRF protection");
    const form = new URLSearchParams(seen[0]?.body);
    expect(form.get("csrfmiddlewaretoken")).toBe("Zq3vY8c1nQp7Lr2Xk9Wm4Td6Hs0Bf5Gj8Ve1Uy3Ni7Ox2Pa");
    expect(form.get("username")).toMatch(/^golive-audit-/);
    expect(seen[0]?.headers.cookie).toBe("csrftoken=Zq3vY8c1nQp7Lr2Xk9Wm4Td6Hs0Bf5Gj8Ve1Uy3Ni7Ox2Pa");
    expect(seen[0]?.headers.referer).toBe(`https://127.0.0.1:${port}/accounts/login/`);
  });

  it("fails after the configured attempts without throttling, never sending more", async () => {
    const site = secureDjangoSite();
    const { byId } = await harness.audit(site, ["ratelimit.login"], { rateLimitLogin: { enabled: true, attempts: 4 } });
    expect(byId("ratelimit.login")).toMatchObject({ status: "fail", evidence: { statuses: [200, 200, 200, 200] } });
    expect(site.loginPosts).toBe(4);
  });
});

describe("health", () => {
  it("passes 200 with status ok and fails other answers", async () => {
    expect((await harness.audit(secureDjangoSite(), ["health"])).byId("health")).toMatchObject({
      status: "pass",
      evidence: { status: 200, reportedStatus: "ok" },
    });
    const down = (await harness.audit(routes({ "/health/": { status: 503, body: "db down" } }), ["health"])).byId("health");
    expect(down).toMatchObject({ status: "fail", summary: expect.stringContaining("answered 503, expected 200") });
    const moved = (await harness.audit(routes({ "/healthz": { status: 200 }, "/health/": { status: 301, headers: { location: "/healthz" } } }), ["health"])).byId("health");
    expect(moved.status).toBe("fail");
    expect(moved.summary).toContain("point healthPath at the final URL");
  });

  it("reports a health endpoint that never answers as an error", async () => {
    const hang: http.RequestListener = (req, res) => {
      if (req.url !== "/health/") res.end("home");
    };
    const { byId } = await harness.audit(hang, ["health"], { timeoutMs: 150 });
    expect(byId("health")).toMatchObject({ status: "error", summary: expect.stringContaining("no answer within 150 ms") });
  });
});

describe("static.served", () => {
  it("finds the first same-host stylesheet or script, skipping other hosts", () => {
    const html = `<link rel="preload" href="/a.woff2"><link rel=stylesheet href="https://cdn.example.net/x.css">
      <script src='/static/app.js'></script><link href="/static/site.css" rel="stylesheet">`;
    expect(linkedAssets(html, "https://site.example/")).toEqual([
      "https://cdn.example.net/x.css",
      "https://site.example/static/app.js",
      "https://site.example/static/site.css",
    ]);
  });

  it("passes a gzip asset with an immutable Cache-Control", async () => {
    const result = (await harness.audit(secureDjangoSite(), ["static.served"])).byId("static.served");
    expect(result.status).toBe("pass");
    expect(result.evidence).toMatchObject({
      source: "first same-host stylesheet or script on the home page",
      headers: { "content-encoding": "gzip", "cache-control": "max-age=315360000, public, immutable" },
    });
    expect(String(result.evidence["url"])).toMatch(/\/static\/css\/site\.4f9a2c\.css$/);
  });

  it("warns on a short cache and fails an uncompressed, uncached asset", async () => {
    const short = routes({
      "/static/app.css": { headers: { "content-encoding": "br", "cache-control": "max-age=600" }, body: zlib.brotliCompressSync("a{}") },
    });
    const warned = (await harness.audit(short, ["static.served"], { staticPath: "/static/app.css" })).byId("static.served");
    expect(warned.status).toBe("warn");
    expect(warned.summary).toContain("cached for only 600 s");
    const failed = (await harness.audit(insecureDjangoSite(), ["static.served"])).byId("static.served");
    expect(failed.status).toBe("fail");
    expect(failed.summary).toContain("not compressed");
    expect(failed.summary).toContain("no long-lived Cache-Control (missing)");
  });

  it("asks for staticPath when the home page only links other hosts", async () => {
    const site = routes({ "/": { body: '<link rel="stylesheet" href="https://cdn.example.net/x.css">' } });
    const result = (await harness.audit(site, ["static.served"])).byId("static.served");
    expect(result).toMatchObject({ status: "warn", evidence: { otherHostAssets: ["https://cdn.example.net/x.css"] } });
  });
});
