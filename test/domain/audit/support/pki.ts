// A throw-away certificate authority for the audit tests, built with node-forge.
import forge from "node-forge";
import { daysAfter, machineNow } from "../../../helpers/time.js";

export interface Issued {
  certPem: string;
  keyPem: string;
}

export interface TestPki {
  caPem: string;
  issue(options: { hosts: string[]; notBefore: Date; notAfter: Date }): Issued;
  /** Signed by a CA nobody trusts. */
  issueFromStranger(options: { hosts: string[]; notBefore: Date; notAfter: Date }): Issued;
}

function makeCa(commonName: string) {
  const keys = forge.pki.rsa.generateKeyPair({ bits: 1024 });
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = "01";
  cert.validity.notBefore = daysFromNow(-1);
  cert.validity.notAfter = daysFromNow(3650);
  const name = [{ name: "commonName", value: commonName }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.setExtensions([
    { name: "basicConstraints", cA: true },
    { name: "keyUsage", keyCertSign: true, cRLSign: true },
  ]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  return { cert, keys };
}

export function createTestPki(): TestPki {
  const ca = makeCa("golive Test CA");
  const stranger = makeCa("Unknown CA");
  const leafKeys = forge.pki.rsa.generateKeyPair({ bits: 1024 });
  let serial = 1;

  function issueWith(issuer: ReturnType<typeof makeCa>, options: { hosts: string[]; notBefore: Date; notAfter: Date }): Issued {
    const cert = forge.pki.createCertificate();
    cert.publicKey = leafKeys.publicKey;
    serial += 1;
    cert.serialNumber = serial.toString(16).padStart(2, "0");
    cert.validity.notBefore = options.notBefore;
    cert.validity.notAfter = options.notAfter;
    cert.setSubject([{ name: "commonName", value: options.hosts[0] ?? "localhost" }]);
    cert.setIssuer(issuer.cert.subject.attributes);
    cert.setExtensions([
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: options.hosts.map((host) => (/^[\d.]+$/.test(host) ? { type: 7, ip: host } : { type: 2, value: host })),
      },
    ]);
    cert.sign(issuer.keys.privateKey, forge.md.sha256.create());
    return { certPem: forge.pki.certificateToPem(cert), keyPem: forge.pki.privateKeyToPem(leafKeys.privateKey) };
  }

  return {
    caPem: forge.pki.certificateToPem(ca.cert),
    issue: (options) => issueWith(ca, options),
    issueFromStranger: (options) => issueWith(stranger, options),
  };
}

/** Days from the machine's time (see test/helpers/time.ts): OpenSSL judges certificates by it. */
export function daysFromNow(days: number): Date {
  return daysAfter(machineNow(), days);
}
