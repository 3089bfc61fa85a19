import { createHmac, timingSafeEqual } from "node:crypto";

/** Slack's replay window: a request signed more than 5 minutes away from now is refused. */
const SIGNATURE_WINDOW_SECONDS = 5 * 60;

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/** The `v0=` signature Slack puts in X-Slack-Signature: HMAC-SHA256 over `v0:<ts>:<raw body>`. */
export function signSlackRequest(signingSecret: string, timestamp: number | string, rawBody: string | Buffer): string {
  const hmac = createHmac("sha256", signingSecret);
  hmac.update(`v0:${timestamp}:`);
  hmac.update(rawBody);
  return `v0=${hmac.digest("hex")}`;
}

/** Verifies a request as Slack documents it, in constant time, within the replay window. */
export function verifySlackSignature(args: {
  signingSecret: string;
  rawBody: Buffer;
  timestamp: string | undefined;
  signature: string | undefined;
  nowMs: number;
}): SignatureCheck {
  const { timestamp, signature } = args;
  if (!timestamp || !signature) return { ok: false, reason: "missing X-Slack-Request-Timestamp or X-Slack-Signature" };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: "malformed timestamp" };
  if (Math.abs(Math.floor(args.nowMs / 1000) - Number(timestamp)) > SIGNATURE_WINDOW_SECONDS) {
    return { ok: false, reason: "timestamp outside the 5-minute window (replayed or clock skew)" };
  }
  const expected = Buffer.from(signSlackRequest(args.signingSecret, timestamp, args.rawBody));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: "signature mismatch" };
  return { ok: true };
}
