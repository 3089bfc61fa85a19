import { afterAll, describe, expect, it } from "vitest";
import { runAudit } from "../../../src/domain/audit/run-audit.js";
import { toTarget } from "./support/harness.js";
import { closedPort, type RunningServer, startTcp } from "./support/servers.js";
import { machineNow } from "../../helpers/time.js";

const servers: RunningServer[] = [];
afterAll(() => Promise.all(servers.map((server) => server.close())));

async function listening(): Promise<number> {
  const server = await startTcp();
  servers.push(server);
  return server.port;
}

async function ports(closedPorts: number[], openPorts: number[]) {
  const report = await runAudit(toTarget({ url: "https://127.0.0.1/", closedPorts, openPorts }), { only: ["ports.closed", "ports.open"], now: machineNow });
  const [closed, open] = report.results;
  if (!closed || !open) throw new Error("missing results");
  return { closed, open };
}

describe("ports.closed and ports.open", () => {
  it("pass when private ports refuse and web ports accept", async () => {
    const [web, tls, db, cache] = [await listening(), await listening(), await closedPort(), await closedPort()];
    const { closed, open } = await ports([db, cache], [web, tls]);
    expect(closed.status).toBe("pass");
    expect(closed.evidence["probes"]).toMatchObject([
      { port: db, state: "refused", code: "ECONNREFUSED" },
      { port: cache, state: "refused" },
    ]);
    expect(open).toMatchObject({ status: "pass", evidence: { host: "127.0.0.1" } });
  });

  it("fail when a database port answers or a web port does not", async () => {
    const [postgres, down] = [await listening(), await closedPort()];
    const { closed, open } = await ports([postgres], [down]);
    expect(closed.status).toBe("fail");
    expect(closed.summary).toBe(`reachable from the internet on ${postgres}; firewall these ports`);
    expect(open.status).toBe("fail");
    expect(open.summary).toBe(`not accepting connections: ${down} (refused)`);
  });

  it("default to the ports of the https and http URLs", () => {
    expect(toTarget({ url: "https://shop.example/" }).openPorts).toEqual([80, 443]);
    expect(toTarget({ url: "https://127.0.0.1:8443/", httpUrl: "http://127.0.0.1:8080/" }).openPorts).toEqual([8080, 8443]);
  });
});
