import { type IncomingHttpHeaders, request } from "node:http";

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read the JSON they expect.
  json(): any;
}

/** A real HTTP request to our server on loopback (node:http: fetch with a body breaks under nock 15.0.0). */
export function httpRequest(port: number, path: string, opts: { method?: string; body?: string; headers?: Record<string, string | number> } = {}): Promise<HttpAnswer> {
  const body = opts.body ?? "";
  const headers = body ? { ...opts.headers, "content-length": Buffer.byteLength(body) } : (opts.headers ?? {});
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, method: opts.method ?? "POST", headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
      });
    });
    req.on("error", reject);
    req.end(body);
  });
}
