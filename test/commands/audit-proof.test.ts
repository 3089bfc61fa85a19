// "Verified" must mean proven, against real loopback servers: a site whose
// certificate cannot be trusted is still judged in full but verifies nothing, and a
// perfectly hardened imitation site plus a clean check --deploy verifies only the
// items whose words the checks prove.
import { mkdtemp, writeFile } from "node:fs/promises";
import type http from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/storage/database.js";
import { createTestPki, daysFromNow, type Issued, type TestPki } from "../domain/audit/support/pki.js";
import { closedPort, type RunningServer, startHttp, startHttps } from "../domain/audit/support/servers.js";
import { insecureDjangoSite, redirector, secureDjangoSite } from "../domain/audit/support/sites.js";
import { engines, useDatabase } from "../helpers/db.js";
import { shellAs, testServices } from "../helpers/harness.js";
import { machineDate, machineDayAt } from "../helpers/time.js";

const CLEAN_CHECK_DEPLOY = new URL("../fixtures/check-deploy/django-5.1-clean.txt", import.meta.url).pathname;

/**
 * What a full audit of a perfectly hardened site plus a clean `check --deploy` verifies in each
 * shipped checklist: items whose words the checks prove, and nothing else.
 */
const PROVEN: Record<string, string[]> = {
  "django-lms": [
    "`DEBUG = False` in production environment",
    "SSL/HTTPS enabled (`SECURE_SSL_REDIRECT = True`)",
    "HSTS headers configured (`SECURE_HSTS_SECONDS = 31536000`)",
    "`X_FRAME_OPTIONS = 'DENY'` to prevent clickjacking",
    "`SECURE_CONTENT_TYPE_NOSNIFF = True`",
    "`SESSION_COOKIE_SECURE = True`",
    "`CSRF_COOKIE_SECURE = True`",
    "Static files collected (`python manage.py collectstatic`)",
    "Health check endpoint configured (`/health/`)",
    "SSL certificate installed and configured",
    "Firewall rules configured",
    "Security scan performed (`python manage.py check --deploy`)",
  ],
  "django-osce": [
    "Set up static file serving: `/static/` → `/path/to/staticfiles/`",
    "Obtain SSL Certificate (Let's Encrypt — Free)",
    "Update Django Settings",
    "Set `DEBUG=False`",
    "Generate strong `SECRET_KEY`:",
    "Collect Static Files",
    "Firewall Configuration",
    "Block direct access to port 5432 (PostgreSQL) from external",
    "Block direct access to port 8000 (Gunicorn)",
    "Run: `python manage.py check --deploy` — fix ALL warnings",
    "Verify rate limiting on login page",
    "Run `python manage.py check --deploy`",
    "`DEBUG = False` with `ALLOWED_HOSTS` set",
    "HTTPS enabled with valid SSL certificate",
    "Firewall: only ports 80, 443, 22 open",
    "`python manage.py check --deploy` passes with 0 warnings",
    "`DEBUG = False` with `ALLOWED_HOSTS` set",
    "HTTPS enabled with valid SSL certificate",
    "Firewall: only ports 80, 443, 22 open",
    "DB port 5432 blocked from external access",
    "`python manage.py check --deploy` passes with no warnings",
  ],
  "django-production": [
    "`DEBUG = False` in production environment (stack traces and settings are never shown to users)",
    "SSL/HTTPS enforced (`SECURE_SSL_REDIRECT = True`)",
    "HSTS headers configured (`SECURE_HSTS_SECONDS = 31536000`, `SECURE_HSTS_INCLUDE_SUBDOMAINS = True`)",
    "`SESSION_COOKIE_SECURE = True`",
    "`CSRF_COOKIE_SECURE = True`",
    "`X_FRAME_OPTIONS = 'DENY'` to prevent clickjacking",
    "`SECURE_CONTENT_TYPE_NOSNIFF = True`",
    "`python manage.py check --deploy` passes with no warnings",
    "Firewall: only ports 80, 443 and 22 open",
    "Block direct access to port 8000 (Gunicorn)",
    "HTTPS enabled with a valid SSL certificate (Let's Encrypt: `certbot --nginx -d yourdomain.com`)",
    "Static files collected (`python manage.py collectstatic --no-input`)",
    "Health check endpoint configured (`/health/`)",
  ],
};

/** Items bound only to checks that support them: their words ask for more than a check can show, so they stay open. */
const NEVER_VERIFIED: Record<string, string[]> = {
  "django-lms": [
    "Strong `SECRET_KEY` generated and stored securely (not in code)",
    "`ALLOWED_HOSTS` configured with your domain(s)",
    "Admin panel protected with strong credentials",
    "Database access restricted to application servers",
    "Uptime monitoring service configured",
    "Smoke tests passed",
  ],
  "django-osce": [
    "Test SSL: https://www.ssllabs.com/ssltest/",
    "Set `ALLOWED_HOSTS=['yourdomain.com', 'www.yourdomain.com']`",
    "Enable UFW: allow ports 80, 443, 22 (SSH — limited IPs only)",
    "Verify CSRF protection on all forms",
    "Set up uptime monitoring (UptimeRobot, Pingdom)",
    "Test CSRF token on all forms",
    "`SECRET_KEY` in environment variable (not in code)",
    "Static files served via Nginx",
    "Smoke test all critical features",
  ],
  "django-production": [
    "Strong `SECRET_KEY` generated and stored in an environment variable (not in code)",
    "`ALLOWED_HOSTS` configured with your domain(s)",
    "Admin panel protected with strong credentials",
    "CSRF protection verified on all forms",
    "Enable UFW: allow ports 80, 443, 22 (SSH — limited IPs only)",
    "Database port 5432 not reachable from outside: access restricted to application servers",
    "Test SSL: https://www.ssllabs.com/ssltest/",
    "Static files served by Nginx, a CDN or S3 (not by Django)",
    "Uptime monitoring service configured (UptimeRobot, Pingdom)",
    "Smoke test all critical features",
  ],
};

let pki: TestPki;
let caFile: string;
const servers: RunningServer[] = [];

beforeAll(async () => {
  pki = createTestPki();
  caFile = join(await mkdtemp(join(tmpdir(), "golive-proof-")), "ca.pem");
  await writeFile(caFile, pki.caPem);
});

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const valid = (hosts: string[]) => ({ hosts, notBefore: daysFromNow(-1), notAfter: daysFromNow(365) });

/** HTTPS on `host` with `cert`, and its plain-HTTP side. */
async function site(cert: Issued, https: http.RequestListener, plain: (httpsPort: number) => http.RequestListener, host = "127.0.0.1") {
  const httpsServer = await startHttps(cert, https, {}, host);
  const httpServer = await startHttp(plain(httpsServer.port), host);
  servers.push(httpsServer, httpServer);
  return { host, httpsPort: httpsServer.port, httpPort: httpServer.port };
}

async function verifiedItems(db: Database): Promise<string[]> {
  const rows = await db.query<{ text: string }>("select text from items where state = 'done' and done_kind = 'verified' order by position");
  return rows.map((row) => row.text);
}

describe.each(engines)("verified means proven, on %s", (engine) => {
  const db = useDatabase(engine);

  async function launchOn(checklist: string, where: { host: string; httpsPort: number; httpPort: number }, extra = "") {
    // OpenSSL judges the site's certificate by the machine's date, so the test's clock starts there.
    const { services } = testServices(db(), machineDayAt(0, "09:00:00Z"));
    const sh = shellAs(services, "rita");
    const created = await sh.run(`launch create shop --checklist ${checklist} --date ${machineDate(9)} --url https://${where.host}:${where.httpsPort}/`);
    expect(created.ok, created.text).toBe(true);
    await sh.run("launch use shop");
    const set = await sh.run(`launch set --http-url http://${where.host}:${where.httpPort}/ --ca-file ${caFile} --timeout 3000 ${extra}`);
    expect(set.ok, set.text).toBe(true);
    return sh;
  }

  it("judges a careless site whose certificate has expired in full: fails with evidence, a person's tick flagged, nothing verified", async () => {
    const expired = pki.issue({ hosts: ["127.0.0.1"], notBefore: daysFromNow(-90), notAfter: daysFromNow(-2) });
    const careless = insecureDjangoSite();
    const sh = await launchOn("django-lms", await site(expired, careless, () => careless), `--closed-ports ${await closedPort()}`);
    const debugRef = (await db().query<{ ref: string }>("select ref from items where key = 'debug-off'"))[0]!.ref;
    expect((await sh.run(`check ${debugRef} DEBUG is off, I looked`)).ok).toBe(true);

    const audit = await sh.run("audit");
    expect(audit.ok, audit.text).toBe(true);
    const run = JSON.parse((await sh.run("audit last --json")).text);
    const byId = Object.fromEntries(run.checks.map((check: { id: string }) => [check.id, check]));
    expect(Object.fromEntries(run.checks.map((check: { id: string; status: string }) => [check.id, check.status]))).toEqual({
      "tls.valid": "fail",
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
      health: "fail",
      "static.served": "fail",
      "ports.closed": "pass",
      "ports.open": "pass",
    });
    expect(byId["tls.valid"].summary).toMatch(/^certificate expired on /);
    expect(byId["django.debug"]).toMatchObject({
      summary: expect.stringMatching(/Django's debug page is shown at .*DEBUG = True in production/),
      evidence: { probes: [expect.objectContaining({ debugMarker: expect.stringMatching(/DEBUG = True/) })] },
    });
    // Every check that read a page says how it read it, and that it cannot prove anything.
    for (const id of ["hsts", "nosniff", "csp", "cookies.secure", "django.debug", "csrf.form", "health", "static.served", "admin.exposed"]) {
      expect(byId[id].cannotVerify, id).toMatch(/^read without certificate verification, the certificate cannot be trusted: certificate has expired \(CERT_HAS_EXPIRED\)$/);
      expect(byId[id].evidence.connection, id).toBe(byId[id].cannotVerify);
    }
    expect(byId["tls.valid"].cannotVerify).toBeUndefined();
    expect(run).toMatchObject({ grade: "F", unreachable: null });
    expect(run.items).toEqual([{ ref: debugRef, change: "flagged", checks: ["django.debug"] }]);
    expect(await verifiedItems(db())).toEqual([]);
    expect(audit.text).toMatch(/^FAIL {2}django\.debug — Django's debug page is shown at .* \(unverified connection\)$/m);
    expect(audit.text).toContain("Pages read without certificate verification, the certificate cannot be trusted: certificate has expired (CERT_HAS_EXPIRED). Those results can show problems and flag items, but verify nothing.");
  });

  it.each([
    ["for another host", () => pki.issue(valid(["other.example"])), /^certificate does not cover 127\.0\.0\.1: /, /ERR_TLS_CERT_ALTNAME_INVALID/],
    ["from an issuer nobody trusts", () => pki.issueFromStranger(valid(["127.0.0.1"])), /^certificate chain does not verify: /, /UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT/],
  ])("verifies nothing on a hardened site whose certificate is %s, though every page check passes", async (_label, cert, tlsSummary, reason) => {
    const sh = await launchOn("django-lms", await site(cert(), secureDjangoSite(), (port) => redirector(301, (path) => `https://127.0.0.1:${port}${path}`)), `--closed-ports ${await closedPort()}`);
    expect((await sh.run("audit")).ok).toBe(true);
    const run = JSON.parse((await sh.run("audit last --json")).text);
    const byId = Object.fromEntries(run.checks.map((check: { id: string }) => [check.id, check]));
    expect(byId["tls.valid"]).toMatchObject({ status: "fail", summary: expect.stringMatching(tlsSummary) });
    for (const id of ["hsts", "frame.options", "nosniff", "csp", "cookies.secure", "django.debug", "csrf.form", "health", "static.served"]) {
      expect(byId[id], id).toMatchObject({ status: "pass", cannotVerify: expect.stringMatching(reason) });
    }
    expect(run.items).toEqual([]);
    expect(await verifiedItems(db())).toEqual([]);
    expect((await sh.run("audit map")).text).toMatch(/proves: hsts pass \(unverified connection: proves nothing\), check_deploy:W004 not run/);
  });

  it("judges over plain HTTP when HTTPS does not answer, verifying nothing", async () => {
    const careless = insecureDjangoSite();
    const plain = await startHttp(careless);
    servers.push(plain);
    const sh = await launchOn("django-lms", { host: "127.0.0.1", httpsPort: await closedPort(), httpPort: plain.port }, `--closed-ports ${await closedPort()}`);
    expect((await sh.run("audit")).ok).toBe(true);
    const run = JSON.parse((await sh.run("audit last --json")).text);
    const byId = Object.fromEntries(run.checks.map((check: { id: string }) => [check.id, check]));
    expect(byId["django.debug"]).toMatchObject({ status: "fail", cannotVerify: expect.stringMatching(/^read over plain HTTP at http:\/\/127\.0\.0\.1:\d+\/, HTTPS did not answer: connection refused/) });
    expect(byId["nosniff"].status).toBe("fail");
    expect(byId["hsts"]).toMatchObject({ status: "error", summary: expect.stringMatching(/^only counts over HTTPS, and HTTPS did not answer/) });
    expect(run.unreachable).toBeNull();
    expect(await verifiedItems(db())).toEqual([]);
  });

  it.each(Object.keys(PROVEN))("a hardened site plus a clean check --deploy verifies exactly what the checks prove: %s", async (checklist) => {
    // On 127.0.0.2 no service of this machine listens, so its database and app-server ports are closed as on a hardened host.
    const hardened = secureDjangoSite({ lockoutAfter: 3 });
    const where = await site(pki.issue(valid(["127.0.0.2"])), hardened, (port) => redirector(301, (path) => `https://127.0.0.2:${port}${path}`), "127.0.0.2");
    const sh = await launchOn(checklist, where, "--login-ratelimit 5");
    const audit = await sh.run("audit");
    expect(audit.ok, audit.text).toBe(true);
    expect(audit.text).toMatch(/score 100\/100, grade A\+/);
    expect(audit.text).not.toMatch(/^(WARN|FAIL|ERROR) /m);
    expect((await sh.run(`audit ingest check-deploy ${CLEAN_CHECK_DEPLOY}`)).ok).toBe(true);

    expect(await verifiedItems(db())).toEqual(PROVEN[checklist]);
    // Bound, shown with their evidence, and still open: a person has to check them.
    const map = (await sh.run("audit map")).text;
    for (const text of NEVER_VERIFIED[checklist]!) {
      expect(map, text).toMatch(new RegExp(`supports: .*\\[open\\]  ${text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`, "m"));
    }
  });
});
