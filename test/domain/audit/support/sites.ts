// Request handlers that behave like a well-configured and a careless Django
// deployment, byte for byte where it matters (headers, cookies, debug pages).
import type http from "node:http";
import zlib from "node:zlib";

const CSS = `body{font-family:system-ui,sans-serif;margin:0}${".card{padding:1rem;border:1px solid #ddd}".repeat(40)}`;
const TOKEN = "Zq3vY8c1nQp7Lr2Xk9Wm4Td6Hs0Bf5Gj8Ve1Uy3Ni7Ox2Pa";

const LOGIN_FORM = (token: boolean) => `<!DOCTYPE html>
<html lang="en"><head><title>Log in | Academy</title></head>
<body>
<form method="post" action="/accounts/login/">
${token ? `<input type="hidden" name="csrfmiddlewaretoken" value="${TOKEN}">` : ""}
<p><label for="id_username">Username:</label> <input type="text" name="username" autofocus autocapitalize="none" autocomplete="username" maxlength="150" required id="id_username"></p>
<p><label for="id_password">Password:</label> <input type="password" name="password" autocomplete="current-password" required id="id_password"></p>
<button type="submit">Log in</button>
</form>
</body></html>`;

export const DEBUG_404_PAGE = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta http-equiv="content-type" content="text/html; charset=utf-8">
  <title>Page not found at /golive-audit-x/</title>
</head>
<body>
  <div id="summary">
    <h1>Page not found <span>(404)</span></h1>
    <table class="meta">
      <tr><th>Request Method:</th><td>GET</td></tr>
      <tr><th>Request URL:</th><td>https://academy.example.com/golive-audit-x/</td></tr>
    </table>
  </div>
  <div id="info">
      <p>
      Using the URLconf defined in <code>academy.urls</code>,
      Django tried these URL patterns, in this order:
      </p>
      <ol><li>admin/</li><li>accounts/</li></ol>
  </div>
  <div id="explanation">
    <p>
      You&#x27;re seeing this error because you have <code>DEBUG = True</code> in
      your Django settings file. Change that to <code>False</code>, and Django
      will display a standard 404 page.
    </p>
  </div>
</body>
</html>`;

const PRODUCTION_404 = `<!doctype html><html lang="en"><head><title>Not Found</title></head><body><h1>Not Found</h1><p>The requested resource was not found on this server.</p></body></html>`;

function home(assets: string): string {
  return `<!DOCTYPE html><html lang="en"><head><title>Academy</title>
${assets}
</head><body><h1>Welcome</h1></body></html>`;
}

function send(res: http.ServerResponse, status: number, body: string, headers: http.OutgoingHttpHeaders = {}) {
  res.writeHead(status, { "content-type": "text/html; charset=utf-8", ...headers });
  res.end(body);
}

export interface SecureSiteOptions {
  /** Lock out after this many failed logins (429). */
  lockoutAfter?: number;
  headers?: http.OutgoingHttpHeaders;
}

export function secureDjangoSite(options: SecureSiteOptions = {}): http.RequestListener & { loginPosts: number } {
  const security: http.OutgoingHttpHeaders = {
    "strict-transport-security": "max-age=63072000; includeSubDomains; preload",
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
    "content-security-policy": "default-src 'self'; script-src 'self' 'nonce-r4nd0m' 'unsafe-inline'; object-src 'none'; frame-ancestors 'none'; base-uri 'self'",
    server: "nginx",
    ...options.headers,
  };
  const state = { loginPosts: 0 };
  const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const path = new URL(req.url ?? "/", "https://x").pathname;
    if (path === "/") {
      return send(res, 200, home(`<link rel="preconnect" href="https://fonts.example.net">
<link rel="stylesheet" href="https://cdn.example.net/fonts.css">
<link href="/static/css/site.4f9a2c.css" rel="stylesheet">
<script src="/static/js/site.91bd3e.js" defer></script>`), {
        ...security,
        "set-cookie": [`csrftoken=${TOKEN}; expires=Thu, 01 Jan 2099 00:00:00 GMT; Max-Age=31449600; Path=/; SameSite=Lax; Secure`],
      });
    }
    if (path === "/static/css/site.4f9a2c.css") {
      const gzip = /gzip/.test(String(req.headers["accept-encoding"] ?? ""));
      res.writeHead(200, {
        "content-type": "text/css; charset=utf-8",
        "cache-control": "max-age=315360000, public, immutable",
        vary: "Accept-Encoding",
        ...(gzip ? { "content-encoding": "gzip" } : {}),
      });
      return res.end(gzip ? zlib.gzipSync(CSS) : CSS);
    }
    if (path === "/health/") {
      res.writeHead(200, { "content-type": "application/json", ...security });
      return res.end(JSON.stringify({ status: "ok", database: "ok", cache: "ok" }));
    }
    if (path === "/accounts/login/" && req.method === "POST") {
      state.loginPosts += 1;
      req.resume();
      if (options.lockoutAfter !== undefined && state.loginPosts > options.lockoutAfter) {
        return send(res, 429, "<h1>Too many login attempts</h1><p>Try again in 15 minutes.</p>", security);
      }
      return send(res, 200, LOGIN_FORM(true).replace("<form", "<p class=\"errornote\">Please enter a correct username and password.</p><form"), security);
    }
    if (path === "/accounts/login/") {
      return send(res, 200, LOGIN_FORM(true), {
        ...security,
        "set-cookie": [`csrftoken=${TOKEN}; expires=Thu, 01 Jan 2099 00:00:00 GMT; Max-Age=31449600; Path=/; SameSite=Lax; Secure`],
      });
    }
    if (path === "/boom/") return send(res, 500, "<h1>Server Error (500)</h1>", security);
    return send(res, 404, PRODUCTION_404, security);
  };
  return Object.defineProperty(handler, "loginPosts", { get: () => state.loginPosts }) as http.RequestListener & { loginPosts: number };
}

export function insecureDjangoSite(): http.RequestListener {
  return (req, res) => {
    const path = new URL(req.url ?? "/", "https://x").pathname;
    const headers = { server: "nginx/1.18.0 (Ubuntu)", "x-powered-by": "Django/4.2.11" };
    if (path === "/") {
      return send(res, 200, home(`<script src="/static/js/app.js"></script>`), {
        ...headers,
        "set-cookie": ["sessionid=8x2k1m9q; Path=/", "csrftoken=abc123; Path=/; SameSite=Lax"],
      });
    }
    if (path === "/static/js/app.js") {
      res.writeHead(200, { "content-type": "text/javascript", ...headers });
      return res.end("console.log('hello');".repeat(50));
    }
    if (path === "/health/") {
      res.writeHead(200, { "content-type": "application/json", ...headers });
      return res.end(JSON.stringify({ status: "degraded", database: "unreachable" }));
    }
    if (path === "/admin/") return send(res, 302, "", { ...headers, location: "/admin/login/?next=/admin/" });
    if (path === "/accounts/login/") {
      req.resume();
      return send(res, 200, LOGIN_FORM(false), headers);
    }
    return send(res, 404, DEBUG_404_PAGE, headers);
  };
}

/** The port-80 side: redirect to `location`, with `status`. */
export function redirector(status: number, location: (path: string) => string): http.RequestListener {
  return (req, res) => {
    res.writeHead(status, { location: location(req.url ?? "/") });
    res.end();
  };
}
