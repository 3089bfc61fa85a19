import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpClient, type HttpOutcome } from "../../../src/domain/audit/http-client.js";
import { closedPort, type RunningServer, startHttp } from "./support/servers.js";

let server: RunningServer;
let base: string;
let hits = 0;

beforeAll(async () => {
  server = await startHttp((req, res) => {
    hits += 1;
    if (req.url === "/big") {
      res.writeHead(200, { "content-type": "text/plain" });
      return res.end("x".repeat(10_000));
    }
    if (req.url === "/gzip") {
      res.writeHead(200, { "content-encoding": "gzip" });
      return res.end(zlib.gzipSync("hello compressed"));
    }
    if (req.url === "/hang") return;
    if (req.url === "/moved") {
      res.writeHead(301, { location: "https://elsewhere.example/" });
      return res.end();
    }
    res.writeHead(200, { "set-cookie": ["a=1; Secure", "b=2; HttpOnly"] });
    res.end("hello");
  });
  base = `http://127.0.0.1:${server.port}`;
});

afterAll(() => server.close());

function response(outcome: HttpOutcome) {
  if (!outcome.ok) throw new Error(outcome.failure.message);
  return outcome.response;
}

describe("the audit HTTP client", () => {
  it("keeps every Set-Cookie header and never follows redirects", async () => {
    const client = createHttpClient({ timeoutMs: 2000 });
    expect(response(await client.request(`${base}/`)).setCookies).toEqual(["a=1; Secure", "b=2; HttpOnly"]);
    const moved = response(await client.request(`${base}/moved`));
    expect(moved.status).toBe(301);
    expect(moved.headers.location).toBe("https://elsewhere.example/");
  });

  it("answers repeated GETs from memory and counts only real requests", async () => {
    const client = createHttpClient({ timeoutMs: 2000 });
    const before = hits;
    await Promise.all([client.get(`${base}/`), client.get(`${base}/`), client.get(`${base}/`)]);
    await client.get(`${base}/`, { "accept-encoding": "gzip" });
    expect(hits - before).toBe(2);
    expect(client.requestsMade).toBe(2);
  });

  it("refuses requests beyond its budget without sending them", async () => {
    const client = createHttpClient({ timeoutMs: 2000, maxRequests: 2 });
    const before = hits;
    await client.request(`${base}/`);
    await client.request(`${base}/`);
    const third = await client.request(`${base}/`);
    expect(third).toMatchObject({ ok: false, failure: { kind: "budget" } });
    expect(third.ok ? "" : third.failure.message).toContain("request budget of 2 per audit run used up");
    expect(hits - before).toBe(2);
  });

  it("caps the body and says so", async () => {
    const client = createHttpClient({ timeoutMs: 2000, maxBodyBytes: 1000 });
    const big = response(await client.request(`${base}/big`));
    expect(big.body).toHaveLength(1000);
    expect(big.bodyTruncated).toBe(true);
  });

  it("decompresses bodies the server compressed", async () => {
    const client = createHttpClient({ timeoutMs: 2000 });
    expect(response(await client.request(`${base}/gzip`)).body).toBe("hello compressed");
  });

  it("turns refused connections and timeouts into failures, not exceptions", async () => {
    const client = createHttpClient({ timeoutMs: 150 });
    const port = await closedPort();
    expect(await client.request(`http://127.0.0.1:${port}/`)).toMatchObject({
      ok: false,
      failure: { kind: "refused", code: "ECONNREFUSED", message: "connection refused (ECONNREFUSED)" },
    });
    expect(await client.request(`${base}/hang`)).toMatchObject({
      ok: false,
      failure: { kind: "timeout", message: "no answer within 150 ms" },
    });
    expect(await client.request("not a url")).toMatchObject({ ok: false, failure: { kind: "network" } });
  });

  it("sends POST bodies with a content length", async () => {
    let received = "";
    const echo = await startHttp((req, res) => {
      req.on("data", (chunk) => {
        received += chunk;
      });
      req.on("end", () => res.end(String(req.headers["content-length"])));
    });
    try {
      const client = createHttpClient({ timeoutMs: 2000 });
      const answer = response(await client.request(`http://127.0.0.1:${echo.port}/`, { method: "POST", body: "a=1&b=2" }));
      expect(answer.body).toBe("7");
      expect(received).toBe("a=1&b=2");
    } finally {
      await echo.close();
    }
  });
});

