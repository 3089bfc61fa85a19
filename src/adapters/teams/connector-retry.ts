// Retries of Bot Connector calls (replies, updates, proactive posts). botbuilder's HTTP
// pipeline has its own retry policy that sleeps on its own clock and ignores 412; it is
// replaced by this one so the delays are ours (exponential, jittered, injectable in tests).
import { setTimeout as wait } from "node:timers/promises";
import { retryDelay } from "../../jobs/backoff.js";

/** Throttled (429), conflicting write (412) and gateway failures clear up by themselves. */
export const RETRYABLE_STATUSES = new Set([412, 429, 502, 504]);

export interface ConnectorRetryOptions {
  /** Further attempts after the first. */
  maxRetries: number;
  baseMs: number;
  maxMs: number;
  /** A Retry-After longer than this is not waited for inside a request; the caller (the outbox) retries later. */
  maxInlineWaitMs: number;
  /** Returns [0, 1). */
  random: () => number;
  delay: (ms: number) => Promise<void>;
}

export const DEFAULT_CONNECTOR_RETRY: ConnectorRetryOptions = {
  maxRetries: 3,
  baseMs: 500,
  maxMs: 8_000,
  maxInlineWaitMs: 30_000,
  random: Math.random,
  delay: (ms) => wait(ms),
};

// The parts of @azure/core-rest-pipeline used here (not a declared dependency of golive).
interface PipelineResponse {
  status: number;
  headers: { get(name: string): string | undefined };
}
interface PipelinePolicy {
  name: string;
  sendRequest(request: unknown, next: (request: unknown) => Promise<PipelineResponse>): Promise<PipelineResponse>;
}
interface Pipeline {
  removePolicy(options: { name: string }): unknown;
  addPolicy(policy: PipelinePolicy, options?: { phase?: "Retry" }): void;
}

const SDK_RETRY_POLICY = "defaultRetryPolicy";

function connectorRetryPolicy(opts: ConnectorRetryOptions): PipelinePolicy {
  return {
    name: "goliveConnectorRetry",
    async sendRequest(request, next) {
      for (let attempt = 1; ; attempt++) {
        const response = await next(request);
        if (!RETRYABLE_STATUSES.has(response.status) || attempt > opts.maxRetries) return response;
        const after = retryAfterMs(response.headers.get("retry-after"));
        if (after !== undefined && after > opts.maxInlineWaitMs) return response;
        await opts.delay(retryDelay(attempt, opts, after));
      }
    },
  };
}

/**
 * Swaps botbuilder's retry policy for ours on a ConnectorClient. Returns false when the
 * client's shape is not the one botbuilder 4.23 has (then its own retries stay in place).
 */
export function useConnectorRetry(connector: unknown, opts: ConnectorRetryOptions): boolean {
  const pipeline = (connector as { client?: { pipeline?: Partial<Pipeline> } }).client?.pipeline;
  if (typeof pipeline?.removePolicy !== "function" || typeof pipeline.addPolicy !== "function") return false;
  pipeline.removePolicy({ name: SDK_RETRY_POLICY });
  pipeline.addPolicy(connectorRetryPolicy(opts), { phase: "Retry" });
  return true;
}

/** Retry-After as seconds or an HTTP date, in milliseconds. */
export function retryAfterMs(header: string | undefined | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
