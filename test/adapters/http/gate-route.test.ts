// A CI job asks the deploy gate over real HTTP with the launch's token.
import type http from "node:http";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { gateRoute } from "../../../src/adapters/http/gate-route.js";
import { createHttpServer, listen } from "../../../src/adapters/http/server.js";
import { engines, snapshot, useDatabase } from "../../helpers/db.js";
import { shellAs, testServices } from "../../helpers/harness.js";
import { httpRequest } from "../../helpers/http.js";

const checklist = fileURLToPath(new URL("../../fixtures/checklists/gate.md", import.meta.url));

describe.each(engines)("GET /api/launches/<name>/gate on %s", (engine) => {
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
    await sh.run(`checklist import ${checklist} --id gate`);
    await sh.run("launch create shop --checklist gate --date 2026-12-01");
    await sh.run("launch create other --checklist gate --date 2026-12-01");
    const token = /glv_[\w-]+/.exec((await sh.run("audit token --launch shop")).text)![0];
    server = createHttpServer([gateRoute(services)], services.log);
    const port = await listen(server, 0, "127.0.0.1");
    const ask = (path: string, headers: Record<string, string> = { authorization: `Bearer ${token}` }, method = "GET") =>
      httpRequest(port, path, { method, headers: { "user-agent": "github-actions", ...headers } });
    return { sh, token, ask };
  }

  it("answers 409 with the readiness on NO-GO and 200 on GO, and records who asked from where", async () => {
    const { sh, ask } = await setup();
    const nogo = await ask("/api/launches/shop/gate");
    expect(nogo.status).toBe(409);
    expect(nogo.json()).toMatchObject({ launch: "shop", verdict: "no-go", require: "attested", reasons: ["3 critical item(s) not done"], readiness: { counts: { criticalOpen: 3 } } });

    for (const line of ["check 1.1 --launch shop", "check 1.2 --launch shop", "check 1.3 --launch shop"]) await sh.run(line);
    const go = await ask("/api/launches/shop/gate");
    expect(go.status).toBe(200);
    expect(go.json()).toMatchObject({ verdict: "go", failing: [] });
    const verified = await ask("/api/launches/shop/gate?require=verified&max-age=24h");
    expect(verified.status).toBe(409);
    expect(verified.json()).toMatchObject({ verdict: "no-go", require: "verified", maxAge: "24h", attestedOnly: [{ ref: "1.3" }] });

    const events = await db().query<{ actor: string; surface: string; after: Record<string, unknown> }>("select actor, surface, after from events where kind = 'gate' order by id");
    expect(events).toHaveLength(3);
    expect(events[0]).toMatchObject({ actor: "ci", surface: "api", after: { verdict: "no-go", origin: { via: "http", address: "127.0.0.1", userAgent: "github-actions" } } });
    expect(events[1]!.after.verdict).toBe("go");
  });

  it("answers a wrong token, another launch's token and an unknown launch alike with 401, recording nothing", async () => {
    const { ask, token } = await setup();
    const before = await snapshot(db());
    for (const [path, headers] of [
      ["/api/launches/shop/gate", { authorization: "Bearer glv_wrong" }],
      ["/api/launches/shop/gate", {}],
      ["/api/launches/other/gate", { authorization: `Bearer ${token}` }],
      ["/api/launches/nope/gate", { authorization: `Bearer ${token}` }],
    ] as const) {
      const answer = await ask(path, headers);
      expect(answer.status, path).toBe(401);
      expect(answer.headers["www-authenticate"]).toBe('Bearer realm="golive"');
      expect(answer.json().error).toMatch(/unknown launch or wrong token/);
    }
    expect(await snapshot(db())).toEqual(before);
  });

  it("refuses bad options with 400 and another method with 405, recording nothing", async () => {
    const { ask } = await setup();
    const before = await snapshot(db());
    const bad = await ask("/api/launches/shop/gate?max-age=24h");
    expect(bad.status).toBe(400);
    expect(bad.json().error).toMatchObject({ code: "usage", message: "max-age limits the age of audit evidence, so it needs require verified." });
    expect((await ask("/api/launches/shop/gate?require=proven")).status).toBe(400);
    const unknown = await ask("/api/launches/shop/gate?maxage=24h");
    expect(unknown.status).toBe(400);
    expect(unknown.json().error.message).toBe('unknown query parameter "maxage"');
    const post = await ask("/api/launches/shop/gate", undefined, "POST");
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe("GET");
    expect(await snapshot(db())).toEqual(before);
  });
});
