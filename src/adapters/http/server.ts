import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { GoliveError } from "../../errors.js";
import type { Logger } from "../../log.js";

/** Handles a request it owns and resolves true, or resolves false to let the next route try. */
export type Route = (req: IncomingMessage, res: ServerResponse) => Promise<boolean> | boolean;

export const MAX_BODY_BYTES = 1_000_000;
const READY_TIMEOUT_MS = 2_000;

/** Reads the raw body (Slack signatures are computed over the exact bytes). */
export async function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw Object.assign(new Error("request body too large"), { status: 413 });
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
  res.end(JSON.stringify(body));
}

/** `/healthz`: the process is up. `/readyz`: the database answers and has golive's schema (`ready` throws otherwise). */
export function healthRoutes(ready: () => Promise<unknown>): Route {
  return async (req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (req.method !== "GET" && req.method !== "HEAD") return false;
    if (path === "/healthz") {
      sendJson(res, 200, { status: "ok" });
      return true;
    }
    if (path === "/readyz") {
      try {
        // A stalled database must not hang the probe: no answer in 2 s is not ready.
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new GoliveError("unavailable", "the database did not answer within 2 s")), READY_TIMEOUT_MS);
        });
        await Promise.race([ready(), late]).finally(() => clearTimeout(timer));
        sendJson(res, 200, { status: "ok" });
      } catch (error) {
        const reason = error instanceof GoliveError ? error.message : "database not reachable";
        sendJson(res, 503, { status: "unavailable", reason });
      }
      return true;
    }
    return false;
  };
}

/** One HTTP server for every surface (Slack, Teams, webhooks, health) on one port. */
/**
 * Explicit limits instead of Node's defaults (5 min for a request): headers must arrive within
 * 5 s, the whole request within 15 s (Slack retries after 3 s anyway), and an idle kept-alive
 * connection is closed after 5 s.
 */
export const HTTP_TIMEOUTS = { headersMs: 5_000, requestMs: 15_000, keepAliveMs: 5_000, checkEveryMs: 1_000 };

export function createHttpServer(routes: Route[], log: Logger, timeouts = HTTP_TIMEOUTS): Server {
  const server = createServer({ headersTimeout: timeouts.headersMs, requestTimeout: timeouts.requestMs, keepAliveTimeout: timeouts.keepAliveMs, connectionsCheckingInterval: timeouts.checkEveryMs }, async (req, res) => {
    try {
      for (const route of routes) if (await route(req, res)) return;
      sendJson(res, 404, { error: "not found" });
    } catch (error) {
      // A client that went away mid-upload is not golive's failure: no error line per aborted request.
      const e = error as { code?: string; message?: string; status?: number };
      if (e.status === undefined && (e.code === "ECONNRESET" || e.message === "aborted" || req.readableAborted)) {
        res.destroy();
        return;
      }
      const status = (error as { status?: number }).status ?? 500;
      if (status >= 500) log.error({ err: error, path: req.url }, "http request failed");
      if (!res.headersSent) sendJson(res, status, { error: status === 413 ? "request body too large" : "internal error" });
      else res.end();
    }
  });
  // A socket with no traffic at all (not even a request) is closed too.
  server.setTimeout(timeouts.requestMs + timeouts.headersMs);
  return server;
}

export async function listen(server: Server, port: number, host = "0.0.0.0"): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  return (server.address() as AddressInfo).port;
}
