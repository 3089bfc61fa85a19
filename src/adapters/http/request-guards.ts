// Small pieces every token-authenticated route uses: the bearer token, a constant-time
// check of a signature, and a rate limiter (token buckets in memory, per key).
import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { sendJson } from "./server.js";

export function bearerToken(req: IncomingMessage): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
  return match?.[1] ?? null;
}

/** True when `signature` is the hex HMAC-SHA256 of `body` under `secret` (compared in constant time). */
export function hmacMatches(secret: string, body: Buffer, signature: string | undefined): boolean {
  if (!signature || !/^[0-9a-f]{64}$/i.test(signature)) return false;
  const expected = createHmac("sha256", secret).update(body).digest();
  const given = Buffer.from(signature, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

export interface RateLimiter {
  /** Takes one request from `key`'s bucket; when it is empty, how many seconds until one is back. */
  take(key: string): { ok: true } | { ok: false; retryAfterSeconds: number };
}

/** `capacity` requests at once, refilled evenly over `perMs`. `nowMs` is the clock (injected in tests). */
export function createRateLimiter(opts: { capacity: number; perMs: number; nowMs: () => number; maxKeys?: number }): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const rate = opts.capacity / opts.perMs;
  return {
    take(key) {
      const now = opts.nowMs();
      const bucket = buckets.get(key) ?? { tokens: opts.capacity, at: now };
      bucket.tokens = Math.min(opts.capacity, bucket.tokens + Math.max(0, now - bucket.at) * rate);
      bucket.at = now;
      buckets.delete(key);
      if (buckets.size >= (opts.maxKeys ?? 10_000)) buckets.delete(buckets.keys().next().value!);
      buckets.set(key, bucket);
      if (bucket.tokens < 1) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / rate / 1000)) };
      bucket.tokens -= 1;
      return { ok: true };
    },
  };
}

/** Answers 429 with Retry-After when `key` is over its limit; true when the request may go on. */
export function withinLimit(limiter: RateLimiter, key: string, res: ServerResponse): boolean {
  const taken = limiter.take(key);
  if (taken.ok) return true;
  res.setHeader("retry-after", String(taken.retryAfterSeconds));
  sendJson(res, 429, { error: `too many requests; try again in ${taken.retryAfterSeconds} s` });
  return false;
}

/** The address a request came from, for per-client limits. */
export const clientOf = (req: IncomingMessage) => req.socket.remoteAddress ?? "unknown";
