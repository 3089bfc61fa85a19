import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { runAudit } from "../../../src/domain/audit/run-audit.js";
import { createTestPki, daysFromNow, type Issued, type TestPki } from "./support/pki.js";
import { closedPort, startHttps } from "./support/servers.js";
import { Harness, toTarget } from "./support/harness.js";
import { machineNow } from "../../helpers/time.js";

let pki: TestPki;
const harness = new Harness(() => pki);

beforeAll(() => {
  pki = createTestPki();
});

afterEach(() => harness.closeAll());

const ok = (_req: unknown, res: { end(body: string): void }) => res.end("ok");

async function tlsValid(cert: Issued, options: { caPem?: string | null; now?: () => Date; host?: string } = {}) {
  const server = await harness.track(startHttps(cert, ok));
  const caPem = options.caPem === null ? undefined : (options.caPem ?? pki.caPem);
  const report = await runAudit(toTarget({ url: `https://${options.host ?? "127.0.0.1"}:${server.port}/`, caPem }), {
    only: ["tls.valid"],
    now: options.now ?? machineNow,
  });
  const [result] = report.results;
  if (!result) throw new Error("no result");
  return result;
}

describe("tls.valid", () => {
  it("passes a certificate for the host signed by the configured CA, with its fields as evidence", async () => {
    const result = await tlsValid(pki.issue({ hosts: ["localhost", "127.0.0.1"], notBefore: daysFromNow(-1), notAfter: daysFromNow(90) }));
    expect(result.status).toBe("pass");
    expect(result.evidence).toMatchObject({
      host: "127.0.0.1",
      chainVerified: true,
      privateCaConfigured: true,
      subject: "localhost",
      issuer: "golive Test CA",
      subjectAltName: "DNS:localhost, IP Address:127.0.0.1",
    });
    expect(result.evidence["daysToExpiry"]).toBeGreaterThanOrEqual(88);
    expect(result.evidence["protocol"]).toMatch(/^TLSv1\.[23]$/);
  });

  it("fails an expired certificate and says when it expired", async () => {
    const result = await tlsValid(pki.issue({ hosts: ["127.0.0.1"], notBefore: daysFromNow(-60), notAfter: daysFromNow(-2) }));
    expect(result.status).toBe("fail");
    expect(result.summary).toMatch(/^certificate expired on \d{4}-\d\d-\d\dT.* \(\d+ days ago\)$/);
    expect(result.evidence["authorizationError"]).toBe("CERT_HAS_EXPIRED");
  });

  it("fails a certificate issued for another host name", async () => {
    const result = await tlsValid(pki.issue({ hosts: ["shop.example.test"], notBefore: daysFromNow(-1), notAfter: daysFromNow(90) }));
    expect(result.status).toBe("fail");
    expect(result.summary).toContain("certificate does not cover 127.0.0.1");
    expect(result.evidence["subjectAltName"]).toBe("DNS:shop.example.test");
  });

  it("fails a chain that does not lead to a trusted CA and suggests caPem when none is set", async () => {
    const cert = pki.issueFromStranger({ hosts: ["127.0.0.1"], notBefore: daysFromNow(-1), notAfter: daysFromNow(90) });
    const result = await tlsValid(cert, { caPem: null });
    expect(result.status).toBe("fail");
    expect(result.summary).toContain("certificate chain does not verify: UNABLE_TO_VERIFY_LEAF_SIGNATURE");
    expect(result.summary).toContain("set caPem");
    expect(result.evidence["chainVerified"]).toBe(false);
  });

  it("does not trust our private CA unless the target names it", async () => {
    const result = await tlsValid(pki.issue({ hosts: ["127.0.0.1"], notBefore: daysFromNow(-1), notAfter: daysFromNow(90) }), { caPem: null });
    expect(result.status).toBe("fail");
  });

  it("warns when the certificate expires within 30 days", async () => {
    const result = await tlsValid(pki.issue({ hosts: ["127.0.0.1"], notBefore: daysFromNow(-80), notAfter: daysFromNow(10.5) }));
    expect(result.status).toBe("warn");
    expect(result.summary).toMatch(/^certificate expires in 10 days/);
    expect(result.evidence["daysToExpiry"]).toBe(10);
  });

  it("fails when fewer than 7 days are left (clock moved forward)", async () => {
    const cert = pki.issue({ hosts: ["127.0.0.1"], notBefore: daysFromNow(-1), notAfter: daysFromNow(90) });
    const result = await tlsValid(cert, { now: () => daysFromNow(87) });
    expect(result.status).toBe("fail");
    expect(result.summary).toMatch(/^certificate expires in [23] days/);
  });

  it("reports an unreachable host as an error, not a verdict", async () => {
    const port = await closedPort();
    const report = await runAudit(toTarget({ url: `https://127.0.0.1:${port}/` }), { only: ["tls.valid", "tls.protocols"], now: machineNow });
    expect(report.results.map((result) => result.status)).toEqual(["error", "error"]);
    expect(report.results[0]?.summary).toContain("connection refused (ECONNREFUSED)");
  });
});

describe("tls.protocols", () => {
  it("passes a server that only speaks TLS 1.2+ and records how the handshake ended", async () => {
    const { byId } = await harness.audit(ok, ["tls.protocols"]);
    const result = byId("tls.protocols");
    expect(result.status).toBe("pass");
    expect(String(result.evidence["handshakeError"])).toMatch(/alert protocol version|unsupported protocol/i);
    expect(result.evidence["note"]).toBeTypeOf("string");
  });

  it("fails a server that still accepts TLS 1.1", async () => {
    const server = await harness.track(
      startHttps(harness.cert, ok, { minVersion: "TLSv1", ciphers: "DEFAULT:@SECLEVEL=0" }),
    );
    const report = await runAudit(toTarget({ url: `https://127.0.0.1:${server.port}/`, caPem: pki.caPem }), {
      only: ["tls.protocols"],
      now: machineNow,
    });
    expect(report.results[0]).toMatchObject({ status: "fail", evidence: { negotiated: "TLSv1.1" } });
    expect(report.results[0]?.summary).toContain("accepted a TLSv1.1 handshake");
  });
});

describe("a broken certificate and the header checks", () => {
  it("still judges the headers, read without certificate verification, and marks every result as proving nothing", async () => {
    const cert = pki.issue({ hosts: ["127.0.0.1"], notBefore: daysFromNow(-30), notAfter: daysFromNow(-1) });
    const server = await harness.track(startHttps(cert, ok));
    const report = await runAudit(toTarget({ url: `https://127.0.0.1:${server.port}/`, caPem: pki.caPem }), {
      only: ["hsts", "csp", "cookies.secure"],
      now: machineNow,
    });
    expect(report.results.map((result) => [result.id, result.status])).toEqual([
      ["hsts", "fail"],
      ["csp", "fail"],
      ["cookies.secure", "pass"],
    ]);
    for (const result of report.results) {
      expect(result.cannotVerify).toMatch(/^read without certificate verification, the certificate cannot be trusted: certificate has expired \(CERT_HAS_EXPIRED\)$/);
      expect(result.evidence["connection"]).toBe(result.cannotVerify);
    }
    // One refused handshake, then the home and login pages without verification.
    expect(report.requestsMade).toBe(3);
    expect(report.unreachable).toBeNull();
  });
});
