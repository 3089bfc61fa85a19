// CI posts check --deploy output over real HTTP (node:http, not fetch: see DESIGN.md).
import { httpRequest } from "../../helpers/http.js";
import { readFile } from "node:fs/promises";
import type http from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { checkDeployRoute } from "../../../src/adapters/http/check-deploy-route.js";
import { createHttpServer, listen } from "../../../src/adapters/http/server.js";
import { engines, snapshot, useDatabase } from "../../helpers/db.js";
import { shellAs, testServices } from "../../helpers/harness.js";

const fixture = (name: string) => readFile(new URL(`../../fixtures/check-deploy/${name}`, import.meta.url), "utf8");

async function post(port: number, path: string, body: string, headers: Record<string, string>, method = "POST") {
  const answer = await httpRequest(port, path, { method, body, headers });
  return { status: answer.status, headers: answer.headers, body: answer.json() as Record<string, unknown> };
}

describe.each(engines)("POST /api/launches/<name>/check-deploy on %s", (engine) => {
  const db = useDatabase(engine);
  let server: http.Server | undefined;

  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  async function setup() {
    const { services } = testServices(db(), "2026-11-22T09:00:00Z");
    const sh = shellAs(services, "rita");
    await sh.run("launch create shop --checklist django-lms --date 2026-12-01");
    const created = await sh.run("audit token");
    expect(created.ok, created.text).toBe(true);
    const token = /glv_[\w-]+/.exec(created.text)![0];
    server = createHttpServer([checkDeployRoute(services)], services.log);
    const port = await listen(server, 0, "127.0.0.1");
    return { sh, token, port, path: "/api/launches/shop/check-deploy" };
  }

  it("records a report sent as text/plain with the right token and verifies the bound items", async () => {
    const { sh, token, port, path } = await setup();
    const answer = await post(port, path, await fixture("django-3.2-clean.txt"), { authorization: `Bearer ${token}`, "content-type": "text/plain" });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ run: "1", launch: "shop", trigger: "api" });
    expect(answer.body.checks).toContainEqual({ id: "check_deploy:W009", status: "pass", summary: expect.any(String), evidence: { djangoId: "security.W009", reported: false } });
    const [clean] = await db().query<{ ref: string; state: string; done_kind: string }>("select ref, state, done_kind from items where key = 'check-deploy-clean'");
    expect(clean).toMatchObject({ state: "done", done_kind: "verified" });
    expect(answer.body.items).toEqual([{ ref: clean!.ref, change: "verified", checks: ["check_deploy:clean"] }]);
    expect((await sh.run(`history ${clean!.ref}`)).text).toMatch(/ci verified \S+ \(an audit proved it\)/);
  });

  it("finds the report inside a GitHub Actions log and docker compose output, as CI prints them", async () => {
    const { token, port, path } = await setup();
    const github = await post(port, path, await fixture("github-actions-log.txt"), { authorization: `Bearer ${token}`, "content-type": "text/plain" });
    expect(github.status).toBe(200);
    const failing = (answer: typeof github) => (answer.body.checks as { id: string; status: string }[]).filter((c) => c.status === "fail").map((c) => c.id);
    expect(failing(github)).toEqual(["check_deploy:clean", "check_deploy:W004", "check_deploy:W018", "check_deploy:models.W042"]);
    const compose = await post(port, path, JSON.stringify({ output: await fixture("docker-compose-log.txt") }), { authorization: `Bearer ${token}`, "content-type": "application/json" });
    expect(compose.status).toBe(200);
    expect(failing(compose)).toEqual(["check_deploy:clean", "check_deploy:W012", "check_deploy:W016"]);
  });

  it("accepts JSON {output}", async () => {
    const { token, port, path } = await setup();
    const body = JSON.stringify({ output: await fixture("django-5.1-issues.txt") });
    const answer = await post(port, path, body, { authorization: `Bearer ${token}`, "content-type": "application/json" });
    expect(answer.status).toBe(200);
    expect((answer.body.checks as { status: string }[]).some((check) => check.status === "fail")).toBe(true);
  });

  it("answers 401 to a wrong, missing or rotated token and to an unknown launch, changing nothing", async () => {
    const { sh, token, port, path } = await setup();
    const report = await fixture("django-3.2-clean.txt");
    const before = await snapshot(db());
    for (const [where, auth] of [
      [path, "Bearer glv_wrong"],
      [path, ""],
      [path, `Basic ${token}`],
      ["/api/launches/ghost/check-deploy", `Bearer ${token}`],
    ] as const) {
      const answer = await post(port, where, report, auth ? { authorization: auth } : {});
      expect(answer.status, `${where} ${auth}`).toBe(401);
      expect(answer.headers["www-authenticate"]).toMatch(/^Bearer/);
      expect(answer.body.error).toMatch(/audit token/);
    }
    expect(await snapshot(db())).toEqual(before);

    expect((await sh.run("audit token")).text).toMatch(/previous token no longer works/);
    const afterRotation = await snapshot(db());
    expect((await post(port, path, report, { authorization: `Bearer ${token}` })).status).toBe(401);
    expect(await snapshot(db())).toEqual(afterRotation);
  });

  it("answers 400 with the failing line to unparseable output, and to a JSON body without output, changing nothing", async () => {
    const { token, port, path } = await setup();
    const before = await snapshot(db());
    const garbled = await post(port, path, "System check identified some issues:\n\nWARNINGS:\nTraceback (most recent call last):\n\nSystem check identified 1 issue (0 silenced).\n", { authorization: `Bearer ${token}` });
    expect(garbled.status).toBe(400);
    expect(garbled.body).toMatchObject({ line: 4, text: "Traceback (most recent call last):" });
    expect(garbled.body.error).toMatch(/^line 4: cannot read this line/);
    const noReport = await post(port, path, "Deploying academy...\nDone.\n", { authorization: `Bearer ${token}` });
    expect(noReport.status).toBe(400);
    expect(noReport.body.error).toMatch(/^no check --deploy report found: looked for 'SystemCheckError:', .* GitHub Actions timestamps and docker compose 'web-1 {2}\| ' prefixes$/);
    const noOutput = await post(port, path, '{"report": "x"}', { authorization: `Bearer ${token}`, "content-type": "application/json" });
    expect(noOutput.status).toBe(400);
    expect(noOutput.body.error).toMatch(/"output"/);
    const badJson = await post(port, path, "{", { authorization: `Bearer ${token}`, "content-type": "application/json" });
    expect(badJson.status).toBe(400);
    expect(await snapshot(db())).toEqual(before);
  });

  it("refuses other methods and leaves other paths to other routes", async () => {
    const { port, path } = await setup();
    expect((await post(port, path, "", {}, "GET")).status).toBe(405);
    expect((await post(port, "/api/launches/shop/other", "", {})).status).toBe(404);
  });
});
