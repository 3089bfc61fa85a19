// A small HTTP client shared by the checks of one audit run. It never follows
// redirects, never throws, caps the number of requests and the body size, and
// remembers GET answers so ten checks reading the home page cost one request.
import http from "node:http";
import https from "node:https";
import tls from "node:tls";
import zlib from "node:zlib";

export interface HttpResponse {
  url: string;
  method: string;
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Every Set-Cookie header, one entry each. */
  setCookies: string[];
  /** Decoded body text (decompressed when the server compressed it), capped. */
  body: string;
  bodyTruncated: boolean;
  timingMs: number;
}

export type HttpFailureKind = "refused" | "timeout" | "tls" | "dns" | "budget" | "network";

export interface HttpFailure {
  url: string;
  kind: HttpFailureKind;
  code?: string;
  message: string;
  timingMs: number;
}

export type HttpOutcome = { ok: true; response: HttpResponse } | { ok: false; failure: HttpFailure };

export interface HttpRequestOptions {
  method?: "GET" | "HEAD" | "POST";
  headers?: Record<string, string>;
  body?: string;
}

export interface HttpClient {
  request(url: string, options?: HttpRequestOptions): Promise<HttpOutcome>;
  /** GET, answered from memory when the same URL and headers were fetched in this run. */
  get(url: string, headers?: Record<string, string>): Promise<HttpOutcome>;
  readonly requestsMade: number;
  readonly maxRequests: number;
  /** A client sharing this one's request budget that does not verify certificates: what it sees is evidence, never proof. */
  unverified(): HttpClient;
}

export interface HttpClientOptions {
  caPem?: string;
  timeoutMs: number;
  maxRequests?: number;
  maxBodyBytes?: number;
}

const DEFAULT_MAX_REQUESTS = 40;
const DEFAULT_MAX_BODY_BYTES = 512 * 1024;
const USER_AGENT = "golive-audit/1.0 (+https://github.com/golive)";

const TLS_CODES = /^(CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_|ERR_TLS_|ERR_SSL_|EPROTO$|HOSTNAME_MISMATCH)/;

export function createHttpClient(options: HttpClientOptions): HttpClient {
  return clientWith(options, { used: 0 }, true);
}

function clientWith(options: HttpClientOptions, budget: { used: number }, verify: boolean): HttpClient {
  const maxRequests = options.maxRequests ?? DEFAULT_MAX_REQUESTS;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const secureContext = trustingContext(options.caPem);
  const remembered = new Map<string, Promise<HttpOutcome>>();

  function request(url: string, requestOptions: HttpRequestOptions = {}): Promise<HttpOutcome> {
    const method = requestOptions.method ?? "GET";
    if (budget.used >= maxRequests) {
      return Promise.resolve({
        ok: false,
        failure: {
          url,
          kind: "budget",
          message: `request budget of ${maxRequests} per audit run used up; ${method} ${url} was not sent`,
          timingMs: 0,
        },
      });
    }
    budget.used += 1;
    return send(url, method, requestOptions, { secureContext, verify, timeoutMs: options.timeoutMs, maxBodyBytes });
  }

  return {
    request,
    get(url, headers = {}) {
      const key = `${url}\n${JSON.stringify(headers)}`;
      let outcome = remembered.get(key);
      if (!outcome) {
        outcome = request(url, { method: "GET", headers });
        remembered.set(key, outcome);
      }
      return outcome;
    },
    get requestsMade() {
      return budget.used;
    },
    maxRequests,
    unverified: () => clientWith(options, budget, false),
  };
}

/**
 * The public roots plus the target's private CA, built once: parsing ~150 root
 * certificates for every request would cost more than the request itself.
 */
export function trustingContext(caPem: string | undefined): tls.SecureContext | undefined {
  if (!caPem) return undefined;
  let context = trustingContexts.get(caPem);
  if (!context) {
    context = tls.createSecureContext({ ca: [...tls.rootCertificates, caPem] });
    trustingContexts.set(caPem, context);
  }
  return context;
}

const trustingContexts = new Map<string, tls.SecureContext>();

interface SendLimits {
  secureContext: tls.SecureContext | undefined;
  verify: boolean;
  timeoutMs: number;
  maxBodyBytes: number;
}

function send(url: string, method: string, options: HttpRequestOptions, limits: SendLimits): Promise<HttpOutcome> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  return new Promise((resolve) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (outcome: HttpOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const fail = (error: NodeJS.ErrnoException) => finish({ ok: false, failure: describeError(url, error, elapsed()) });

    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      fail(Object.assign(new Error(`not a valid URL: ${url}`), { code: "ERR_INVALID_URL" }));
      return;
    }
    const transport = parsed.protocol === "https:" ? https : http;
    const headers: Record<string, string> = { "user-agent": USER_AGENT, accept: "*/*", ...options.headers };
    if (options.body !== undefined) headers["content-length"] = String(Buffer.byteLength(options.body));

    // https passes secureContext on to tls.connect; @types/node does not list it.
    const requestOptions: https.RequestOptions & { secureContext?: tls.SecureContext } = {
      method,
      headers,
      agent: false,
      secureContext: limits.secureContext,
      rejectUnauthorized: limits.verify,
    };
    const req = transport.request(parsed, requestOptions, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let truncated = false;
      res.on("data", (chunk: Buffer) => {
        if (truncated) return;
        const room = limits.maxBodyBytes - size;
        if (chunk.length > room) {
          chunks.push(chunk.subarray(0, room));
          size += room;
          truncated = true;
          res.destroy();
          done();
          return;
        }
        chunks.push(chunk);
        size += chunk.length;
      });
      res.on("end", () => done());
      res.on("error", (error) => (truncated ? done() : fail(error)));
      res.on("close", () => {
        if (!settled) fail(Object.assign(new Error("connection closed before the response was complete"), { code: "ECONNRESET" }));
      });
      function done() {
        const raw = Buffer.concat(chunks);
        finish({
          ok: true,
          response: {
            url,
            method,
            status: res.statusCode ?? 0,
            headers: res.headers,
            setCookies: res.headers["set-cookie"] ?? [],
            body: decodeBody(raw, res.headers["content-encoding"], truncated),
            bodyTruncated: truncated,
            timingMs: elapsed(),
          },
        });
        req.destroy();
      }
    });
    timer = setTimeout(() => {
      const error: NodeJS.ErrnoException = new Error(`no answer within ${limits.timeoutMs} ms`);
      error.code = "ETIMEDOUT";
      fail(error);
      req.destroy();
    }, limits.timeoutMs);
    req.on("error", fail);
    req.end(options.body);
  });
}

function decodeBody(raw: Buffer, encoding: string | undefined, truncated: boolean): string {
  const name = encoding?.trim().toLowerCase();
  if (!name || name === "identity") return raw.toString("utf8");
  if (truncated) return "";
  try {
    if (name === "gzip" || name === "x-gzip") return zlib.gunzipSync(raw).toString("utf8");
    if (name === "br") return zlib.brotliDecompressSync(raw).toString("utf8");
    if (name === "deflate") return zlib.inflateSync(raw).toString("utf8");
  } catch {
    return "";
  }
  return "";
}

export function describeError(url: string, error: NodeJS.ErrnoException, timingMs: number): HttpFailure {
  const code = error.code;
  const base = { url, code, timingMs };
  if (code === "ECONNREFUSED") return { ...base, kind: "refused", message: "connection refused (ECONNREFUSED)" };
  if (code === "ETIMEDOUT") return { ...base, kind: "timeout", message: error.message };
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") {
    return { ...base, kind: "dns", message: `host name not found (${code})` };
  }
  if (code && TLS_CODES.test(code)) {
    return { ...base, kind: "tls", message: `${firstLine(error.message)} (${code})` };
  }
  const suffix = code ? ` (${code})` : "";
  return { ...base, kind: "network", message: `${firstLine(error.message)}${suffix}` };
}

function firstLine(text: string): string {
  return text.split("\n")[0]?.trim() ?? text;
}

/** One header as a single string (Node gives arrays for repeated headers). */
export function headerValue(headers: http.IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(", ") : value;
}
