// tls.valid and tls.protocols: raw TLS handshakes against the HTTPS host.
import { isIP } from "node:net";
import tls from "node:tls";
import { describeError, trustingContext } from "../http-client.js";
import { hostOf, portOf } from "../target.js";
import type { Check, CheckContext, CheckResult } from "../types.js";
import { result } from "./shared.js";

const DAY_MS = 86_400_000;
const WARN_DAYS = 30;
const FAIL_DAYS = 7;

interface Handshake {
  socket: tls.TLSSocket;
  timingMs: number;
}

type HandshakeOutcome = { ok: true; handshake: Handshake } | { ok: false; error: NodeJS.ErrnoException; timingMs: number };

function handshake(ctx: CheckContext, extra: tls.ConnectionOptions = {}): Promise<HandshakeOutcome> {
  const url = new URL(ctx.target.url);
  const host = hostOf(url);
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    const socket = tls.connect({
      host,
      port: portOf(url),
      servername: isIP(host) ? undefined : host,
      secureContext: trustingContext(ctx.target.caPem),
      // We judge the chain ourselves so we can report on a bad certificate.
      rejectUnauthorized: false,
      ...extra,
    });
    const timer = setTimeout(() => {
      socket.destroy();
      const error = Object.assign(new Error(`no TLS handshake within ${ctx.target.timeoutMs} ms`), { code: "ETIMEDOUT" });
      resolve({ ok: false, error, timingMs: elapsed() });
    }, ctx.target.timeoutMs);
    socket.once("secureConnect", () => {
      clearTimeout(timer);
      resolve({ ok: true, handshake: { socket, timingMs: elapsed() } });
    });
    socket.once("error", (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ ok: false, error, timingMs: elapsed() });
    });
  });
}

function certificateEvidence(cert: tls.PeerCertificate) {
  return {
    subject: cert.subject?.CN ?? null,
    issuer: cert.issuer?.CN ?? cert.issuer?.O ?? null,
    subjectAltName: cert.subjectaltname ?? null,
    validFrom: new Date(cert.valid_from).toISOString(),
    validTo: new Date(cert.valid_to).toISOString(),
    serialNumber: cert.serialNumber,
    fingerprint256: cert.fingerprint256,
  };
}

async function checkValid(ctx: CheckContext): Promise<CheckResult> {
  const id = "tls.valid";
  const url = new URL(ctx.target.url);
  const host = hostOf(url);
  const target = { host, port: portOf(url), privateCaConfigured: Boolean(ctx.target.caPem) };
  const outcome = await handshake(ctx);
  if (!outcome.ok) {
    const failure = describeError(ctx.target.url, outcome.error, outcome.timingMs);
    return result(id, "error", `TLS handshake with ${host}:${target.port} failed: ${failure.message}`, {
      ...target,
      error: failure.message,
      timingMs: outcome.timingMs,
    });
  }
  const { socket, timingMs } = outcome.handshake;
  const cert = socket.getPeerCertificate();
  // Node reports a host name mismatch as an authorization error too; we test the name separately.
  const reported = socket.authorizationError ? String(socket.authorizationError) : null;
  const authorizationError = reported === "ERR_TLS_CERT_ALTNAME_INVALID" ? null : reported;
  const protocol = socket.getProtocol();
  socket.destroy();
  if (!cert.valid_to) {
    return result(id, "fail", `${host}:${target.port} presented no certificate`, { ...target, protocol, timingMs });
  }

  const now = ctx.now().getTime();
  const validTo = Date.parse(cert.valid_to);
  const daysToExpiry = Math.floor((validTo - now) / DAY_MS);
  const evidence = {
    ...target,
    protocol,
    chainVerified: authorizationError === null,
    authorizationError,
    ...certificateEvidence(cert),
    daysToExpiry,
    timingMs,
  };

  if (validTo <= now) {
    return result(id, "fail", `certificate expired on ${evidence.validTo} (${-daysToExpiry} days ago)`, evidence);
  }
  if (Date.parse(cert.valid_from) > now) {
    return result(id, "fail", `certificate is not valid before ${evidence.validFrom}`, evidence);
  }
  if (authorizationError) {
    const hint = ctx.target.caPem ? "" : " (if the site uses a private CA, set caPem on the target)";
    return result(id, "fail", `certificate chain does not verify: ${authorizationError}${hint}`, evidence);
  }
  const mismatch = tls.checkServerIdentity(host, cert);
  if (mismatch) {
    return result(id, "fail", `certificate does not cover ${host}: ${mismatch.message}`, {
      ...evidence,
      hostnameError: mismatch.message,
    });
  }
  if (daysToExpiry < FAIL_DAYS) {
    return result(id, "fail", `certificate expires in ${daysToExpiry} days (${evidence.validTo}); renew it now`, evidence);
  }
  if (daysToExpiry < WARN_DAYS) {
    return result(id, "warn", `certificate expires in ${daysToExpiry} days (${evidence.validTo}); check that renewal is automated`, evidence);
  }
  return result(id, "pass", `valid certificate for ${host}, issued by ${evidence.issuer}, ${daysToExpiry} days left`, evidence);
}

// Errors that mean the TLS 1.0/1.1 offer itself was turned down (by the server
// or by our own OpenSSL), as opposed to the host being unreachable.
const UNREACHABLE = new Set(["ECONNREFUSED", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);
const LOCAL_REFUSAL = /no protocols available|NO_PROTOCOLS_AVAILABLE|no ciphers available|NO_CIPHERS_AVAILABLE/i;

async function checkProtocols(ctx: CheckContext): Promise<CheckResult> {
  const id = "tls.protocols";
  const url = new URL(ctx.target.url);
  const target = { host: hostOf(url), port: portOf(url), offered: ["TLSv1", "TLSv1.1"] };
  let legacyContext: tls.SecureContext;
  try {
    // OpenSSL 3 refuses the legacy protocols at its default security level.
    legacyContext = tls.createSecureContext({ minVersion: "TLSv1", maxVersion: "TLSv1.1", ciphers: "DEFAULT:@SECLEVEL=0" });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return result(id, "pass", "TLS 1.0 and 1.1 could not be offered from here; treated as refused", {
      ...target,
      handshakeError: message,
      note: "the local OpenSSL would not offer TLS 1.0/1.1; a failed handshake is treated as refused",
    });
  }
  const outcome = await handshake(ctx, { secureContext: legacyContext });
  if (outcome.ok) {
    const protocol = outcome.handshake.socket.getProtocol();
    outcome.handshake.socket.destroy();
    return result(id, "fail", `server accepted a ${protocol} handshake; disable TLS 1.0 and 1.1`, {
      ...target,
      negotiated: protocol,
      timingMs: outcome.handshake.timingMs,
    });
  }
  const code = outcome.error.code ?? "";
  const message = outcome.error.message.split("\n")[0] ?? "";
  if (UNREACHABLE.has(code)) {
    const failure = describeError(ctx.target.url, outcome.error, outcome.timingMs);
    return result(id, "error", `could not test legacy TLS on ${target.host}:${target.port}: ${failure.message}`, {
      ...target,
      error: failure.message,
      timingMs: outcome.timingMs,
    });
  }
  const refusedLocally = LOCAL_REFUSAL.test(`${code} ${message}`);
  return result(id, "pass", "TLS 1.0 and 1.1 handshakes are refused", {
    ...target,
    handshakeError: `${message} (${code || "no code"})`,
    note: refusedLocally
      ? "the local OpenSSL would not offer TLS 1.0/1.1; a failed handshake is treated as refused"
      : "the server ended the TLS 1.0/1.1 handshake",
    timingMs: outcome.timingMs,
  });
}

export const tlsChecks: Check[] = [
  {
    id: "tls.valid",
    description: "TLS certificate chain verifies, matches the host name and is not close to expiry",
    run: checkValid,
  },
  {
    id: "tls.protocols",
    description: "TLS 1.0 and 1.1 are refused",
    run: checkProtocols,
  },
];
