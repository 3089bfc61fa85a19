// Bolt receiver that lives on golive's shared HTTP server as one Route: it verifies
// Slack's signature itself, then hands the request to bolt's App like HTTPReceiver does.
import { parse as parseForm } from "node:querystring";
import { type App, HTTPModuleFunctions, HTTPResponseAck, type Receiver } from "@slack/bolt";
import type { Logger } from "../../log.js";
import { type Route, readBody, sendJson } from "../http/server.js";
import { boltLogger } from "./bolt-logger.js";
import { ARRIVAL_DEADLINE, type Deadline, type DeadlineTimer } from "./deadline.js";
import { verifySlackSignature } from "./signature.js";

export const SLACK_EVENTS_PATH = "/slack/events";

export class RouteReceiver implements Receiver {
  private app: App | undefined;
  private started = false;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly opts: { signingSecret: string; nowMs: () => number; log: Logger; ackDeadline: Deadline },
  ) {}

  init(app: App): void {
    this.app = app;
  }

  async start(): Promise<void> {
    this.started = true;
  }

  async stop(): Promise<void> {
    this.started = false;
    await this.idle();
  }

  /** Resolves when every request taken so far, including work after its ack, is finished. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  readonly route: Route = async (req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path !== SLACK_EVENTS_PATH || req.method !== "POST") return false;
    // Slack's 3 s count from here: the deadline starts before the body, the duplicate check or any wait for the database.
    const deadline = this.opts.ackDeadline();
    const work = this.handle(req, res, deadline).finally(() => deadline.cancel());
    this.inFlight.add(work);
    try {
      await work;
    } finally {
      this.inFlight.delete(work);
    }
    return true;
  };

  private async handle(req: Parameters<Route>[0], res: Parameters<Route>[1], deadline: DeadlineTimer): Promise<void> {
    const { log } = this.opts;
    const rawBody = await readBody(req);
    const contentType = (req.headers["content-type"] ?? "").split(";")[0]!.trim();
    const header = (name: string) => {
      const value = req.headers[name];
      return Array.isArray(value) ? undefined : value;
    };
    // Slack's SSL check is unsigned; it carries nothing to act on, so answer and stop.
    if (contentType === "application/x-www-form-urlencoded" && parseForm(rawBody.toString()).ssl_check === "1" && !header("x-slack-signature")) {
      res.writeHead(200).end();
      return;
    }
    const check = verifySlackSignature({
      signingSecret: this.opts.signingSecret,
      rawBody,
      timestamp: header("x-slack-request-timestamp"),
      signature: header("x-slack-signature"),
      nowMs: this.opts.nowMs(),
    });
    if (!check.ok) {
      log.warn({ reason: check.reason }, "refused a Slack request that failed signature verification");
      sendJson(res, 401, { error: "invalid signature" });
      return;
    }
    let body: Record<string, unknown>;
    try {
      body = parseBody(rawBody.toString(), contentType);
    } catch (error) {
      log.warn({ reason: (error as Error).message.slice(0, 200) }, "refused a signed Slack request with a malformed body");
      sendJson(res, 400, { error: "malformed body" });
      return;
    }
    if (body.type === "url_verification") {
      sendJson(res, 200, { challenge: body.challenge });
      return;
    }
    if (!this.app || !this.started) {
      sendJson(res, 503, { error: "the Slack surface is starting" });
      return;
    }
    const ack = new HTTPResponseAck({ logger: boltLogger(log), processBeforeResponse: false, httpRequest: Object.assign(req, { rawBody }), httpRequestBody: body, httpResponse: res });
    const boundAck = ack.bind();
    let acknowledged = false;
    const ackOnce = async (response?: unknown) => {
      acknowledged = true;
      await boundAck(response);
    };
    try {
      await this.app.processEvent({
        body,
        ack: ackOnce,
        retryNum: HTTPModuleFunctions.extractRetryNumFromHTTPRequest(req),
        retryReason: HTTPModuleFunctions.extractRetryReasonFromHTTPRequest(req),
        customProperties: { [ARRIVAL_DEADLINE]: deadline },
      });
    } catch (error) {
      log.error({ err: error }, "a Slack request failed");
    }
    // Nothing listened (or a listener failed before acknowledging): answer anyway so Slack does not retry.
    if (!acknowledged) await ackOnce();
  }
}

function parseBody(text: string, contentType: string): Record<string, unknown> {
  if (contentType === "application/x-www-form-urlencoded") {
    const form = parseForm(text);
    if (form.payload === undefined) return form as Record<string, unknown>;
    if (typeof form.payload !== "string") throw new Error("payload given more than once");
    return jsonObject(form.payload);
  }
  return jsonObject(text);
}

/** `payload=null`, `[]` or `"x"` is no Slack payload: only a JSON object is. */
function jsonObject(text: string): Record<string, unknown> {
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("not an object");
  return parsed as Record<string, unknown>;
}
