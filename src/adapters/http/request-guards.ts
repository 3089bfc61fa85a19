// Small pieces every token-authenticated route uses: the bearer token, a constant-time
// check of a signature, and a rate limiter (token buckets in memory, per key).
import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "../../log.js";
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

/**
 * Failed authentications on every token-checked route (check-deploy, gate, alert webhooks),
 * shared: after too many failures from one address, or against one launch, further attempts
 * get 429 with Retry-After before any credential is checked. Failures are logged as one
 * aggregated warning per minute, never one line each.
 */
export interface AuthFailureGuard {
  /** Answers 429 when `address` or `launch` has failed too often; true when the request may be checked. */
  admit(req: IncomingMessage, launch: string, res: ServerResponse): boolean;
  /** Counts one failed authentication. */
  failed(req: IncomingMessage, launch: string, route: string): void;
  /** Logs the failures counted since the last flush (called every minute). */
  flush(): void;
}

export const AUTH_FAILURE_LIMITS = {
  /** Failures one address may make: 10 at once, then one every 6 s. */
  perAddress: { capacity: 10, perMs: 60_000 },
  /** Failures against one launch, from anywhere: 30 at once, then one every 2 s. */
  perLaunch: { capacity: 30, perMs: 60_000 },
};

export function createAuthFailureGuard(opts: { nowMs: () => number; log: Logger; limits?: typeof AUTH_FAILURE_LIMITS; flushEveryMs?: number }): AuthFailureGuard {
  const limits = opts.limits ?? AUTH_FAILURE_LIMITS;
  const buckets = new Map<string, { tokens: number; at: number }>();
  const level = (key: string, limit: { capacity: number; perMs: number }) => {
    const now = opts.nowMs();
    const bucket = buckets.get(key) ?? { tokens: limit.capacity, at: now };
    bucket.tokens = Math.min(limit.capacity, bucket.tokens + Math.max(0, now - bucket.at) * (limit.capacity / limit.perMs));
    bucket.at = now;
    buckets.delete(key);
    if (buckets.size >= 10_000) buckets.delete(buckets.keys().next().value!);
    buckets.set(key, bucket);
    return bucket;
  };
  const waitSeconds = (tokens: number, limit: { capacity: number; perMs: number }) => Math.max(1, Math.ceil(((1 - tokens) * limit.perMs) / limit.capacity / 1000));
  let window = { failures: 0, refused: 0, addresses: new Map<string, number>(), launches: new Map<string, number>(), routes: new Map<string, number>() };
  const bump = (map: Map<string, number>, key: string) => map.size < 1_000 && map.set(key, (map.get(key) ?? 0) + 1);
  const top = (map: Map<string, number>) => Object.fromEntries([...map].sort((a, b) => b[1] - a[1]).slice(0, 5));
  const guard: AuthFailureGuard = {
    admit(req, launch, res) {
      const address = level(`address:${clientOf(req)}`, limits.perAddress);
      const target = level(`launch:${launch}`, limits.perLaunch);
      if (address.tokens >= 1 && target.tokens >= 1) return true;
      window.refused++;
      const wait = Math.max(address.tokens < 1 ? waitSeconds(address.tokens, limits.perAddress) : 0, target.tokens < 1 ? waitSeconds(target.tokens, limits.perLaunch) : 0);
      res.setHeader("retry-after", String(wait));
      sendJson(res, 429, { error: `too many failed authentications; try again in ${wait} s` });
      return false;
    },
    failed(req, launch, route) {
      level(`address:${clientOf(req)}`, limits.perAddress).tokens -= 1;
      level(`launch:${launch}`, limits.perLaunch).tokens -= 1;
      window.failures++;
      bump(window.addresses, clientOf(req));
      bump(window.launches, launch);
      bump(window.routes, route);
    },
    flush() {
      if (window.failures === 0 && window.refused === 0) return;
      const w = window;
      window = { failures: 0, refused: 0, addresses: new Map(), launches: new Map(), routes: new Map() };
      opts.log.warn(
        { failures: w.failures, refused: w.refused, addresses: top(w.addresses), launches: top(w.launches), routes: top(w.routes) },
        "failed authentications on the API routes in the last minute",
      );
    },
  };
  setInterval(() => guard.flush(), opts.flushEveryMs ?? 60_000).unref();
  return guard;
}
