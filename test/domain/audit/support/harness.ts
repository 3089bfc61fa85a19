// Start a loopback HTTPS site signed by the test CA and audit it.
import type http from "node:http";
import { type RunAuditOptions, runAudit } from "../../../../src/domain/audit/run-audit.js";
import { type AuditTarget, parseAuditTarget } from "../../../../src/domain/audit/target.js";
import type { CheckResult } from "../../../../src/domain/audit/types.js";
import { machineNow } from "../../../helpers/time.js";
import { daysFromNow, type Issued, type TestPki } from "./pki.js";
import { type RunningServer, startHttps } from "./servers.js";

export function toTarget(input: Record<string, unknown>): AuditTarget {
  const parsed = parseAuditTarget(input);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.target;
}

export class Harness {
  private readonly servers: RunningServer[] = [];
  private goodCert: Issued | undefined;

  constructor(private readonly pki: () => TestPki) {}

  get cert(): Issued {
    this.goodCert ??= this.pki().issue({ hosts: ["localhost", "127.0.0.1"], notBefore: daysFromNow(-1), notAfter: daysFromNow(365) });
    return this.goodCert;
  }

  async track<T extends RunningServer>(server: Promise<T>): Promise<T> {
    const running = await server;
    this.servers.push(running);
    return running;
  }

  /** Serves `handler` over HTTPS with a valid certificate; returns the port. */
  async serve(handler: http.RequestListener): Promise<number> {
    return (await this.track(startHttps(this.cert, handler))).port;
  }

  /** Serves `handler` over HTTPS and runs `only` these checks against it. */
  async audit(handler: http.RequestListener, only: string[], target: Record<string, unknown> = {}, options: Partial<RunAuditOptions> = {}) {
    const port = await this.serve(handler);
    const report = await runAudit(
      toTarget({ url: `https://127.0.0.1:${port}/`, caPem: this.pki().caPem, ...target }),
      { only, now: machineNow, ...options },
    );
    return { report, port, byId: (id: string) => report.results.find((result) => result.id === id) as CheckResult };
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.servers.splice(0).map((server) => server.close()));
  }
}
