import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { runAudit } from "../../../src/domain/audit/run-audit.js";
import { Harness, toTarget } from "./support/harness.js";
import { createTestPki, type TestPki } from "./support/pki.js";
import { closedPort, startHttp } from "./support/servers.js";
import { redirector, secureDjangoSite } from "./support/sites.js";
import { machineNow } from "../../helpers/time.js";

let pki: TestPki;
const harness = new Harness(() => pki);

beforeAll(() => {
  pki = createTestPki();
});

afterEach(() => harness.closeAll());

async function httpsRedirect(plainHandler: (httpsPort: number) => Parameters<typeof startHttp>[0]) {
  const port = await harness.serve(secureDjangoSite());
  const plain = await harness.track(startHttp(plainHandler(port)));
  const report = await runAudit(
    toTarget({ url: `https://127.0.0.1:${port}/`, httpUrl: `http://127.0.0.1:${plain.port}/`, caPem: pki.caPem }),
    { only: ["https.redirect"], now: machineNow },
  );
  const [result] = report.results;
  if (!result) throw new Error("no result");
  return result;
}

describe("https.redirect", () => {
  it("passes a permanent redirect to the same host over https and shows the Location", async () => {
    let httpsPort = 0;
    const result = await httpsRedirect((port) => {
      httpsPort = port;
      return redirector(301, (path) => `https://127.0.0.1:${port}${path}`);
    });
    expect(result.status).toBe("pass");
    expect(result.evidence).toMatchObject({
      status: 301,
      headers: { location: `https://127.0.0.1:${httpsPort}/` },
      destination: `https://127.0.0.1:${httpsPort}/`,
    });
  });

  it("accepts 308 like 301", async () => {
    const result = await httpsRedirect((port) => redirector(308, (path) => `https://127.0.0.1:${port}${path}`));
    expect(result.status).toBe("pass");
  });

  it("warns on a temporary 302", async () => {
    const result = await httpsRedirect((port) => redirector(302, (path) => `https://127.0.0.1:${port}${path}`));
    expect(result.status).toBe("warn");
    expect(result.summary).toContain("temporary 302");
  });

  it("fails a redirect to another host and names it", async () => {
    const result = await httpsRedirect(() => redirector(301, () => "https://parking.example.net/"));
    expect(result.status).toBe("fail");
    expect(result.summary).toContain("redirects to another host (parking.example.net)");
  });

  it("fails a redirect that stays on http", async () => {
    const result = await httpsRedirect(() => redirector(301, (path) => path));
    expect(result.status).toBe("fail");
    expect(result.summary).toContain("which is not https://");
  });

  it("fails when the site is served over plain http", async () => {
    const result = await httpsRedirect(() => secureDjangoSite());
    expect(result.status).toBe("fail");
    expect(result.summary).toContain("answered 200 instead of redirecting");
  });

  it("reports a closed http port as an error with the cause", async () => {
    const port = await closedPort();
    const report = await runAudit(
      toTarget({ url: "https://127.0.0.1:1/", httpUrl: `http://127.0.0.1:${port}/` }),
      { only: ["https.redirect"], now: machineNow },
    );
    expect(report.results[0]?.status).toBe("error");
    expect(report.results[0]?.summary).toBe(`could not reach http://127.0.0.1:${port}/: connection refused (ECONNREFUSED)`);
  });
});
