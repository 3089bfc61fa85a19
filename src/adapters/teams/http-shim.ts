// botbuilder's CloudAdapter.process() expects an express/restify request (body already
// parsed) and response (status/header/send/end). This is that shape over node:http.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Request, Response } from "botbuilder";

export function botRequest(req: IncomingMessage, body: Record<string, unknown>): Request {
  return { body, headers: req.headers, method: req.method };
}

export function botResponse(res: ServerResponse): Response {
  let status = 200;
  let payload: unknown;
  const shim: Response = {
    socket: res.socket,
    status(code: number) {
      status = code;
      return shim;
    },
    header(name: string, value: unknown) {
      res.setHeader(name, String(value));
      return shim;
    },
    send(body?: unknown) {
      payload = body;
      return shim;
    },
    end() {
      if (res.writableEnded) return shim;
      if (payload === undefined || payload === null) {
        res.writeHead(status).end();
      } else if (typeof payload === "string" || Buffer.isBuffer(payload)) {
        if (!res.hasHeader("content-type")) res.setHeader("content-type", "text/plain; charset=utf-8");
        res.writeHead(status).end(payload);
      } else {
        res.setHeader("content-type", "application/json; charset=utf-8");
        res.writeHead(status).end(JSON.stringify(payload));
      }
      return shim;
    },
  };
  return shim;
}
