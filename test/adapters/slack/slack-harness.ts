// Drives the Slack surface like Slack does: signed HTTP requests to the running shared
// server, Slack's own payload shapes (test/fixtures/slack), and nock in front of
// slack.com and hooks.slack.com to see what golive posts back.
import { type HttpAnswer, httpRequest } from "../../helpers/http.js";
import { readFileSync } from "node:fs";
import nock from "nock";
import { commands } from "../../../commands/index.js";
import { createHttpServer, healthRoutes, listen } from "../../../src/adapters/http/server.js";
import type { Deadline } from "../../../src/adapters/slack/deadline.js";
import { signSlackRequest } from "../../../src/adapters/slack/signature.js";
import { createSlackSurface } from "../../../src/adapters/slack/surface.js";
import type { Database } from "../../../src/storage/database.js";
import { testServices } from "../../helpers/harness.js";

export const SECRET = "0123456789abcdef0123456789abcdef";
export const RITA = "U0RITA0001";
export const BOB = "U0BOB00002";
export const VIV = "U0VIV00003";
export const CHANNEL = "C0LAUNCH01";
export const BOT = { botId: "B0GOLIVE", botUserId: "U0GOLIVE" };

type Json = Record<string, unknown>;
const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../fixtures/slack/${name}.json`, import.meta.url), "utf8")) as Json;

/** The deadline never passes: every command answers in its acknowledgement. */
export const neverLate: Deadline = () => ({ reached: new Promise<void>(() => {}), cancel: () => {} });
/** The deadline has already passed: every command takes the "Working on it…" path. */
export const alwaysLate: Deadline = () => ({ reached: Promise.resolve(), cancel: () => {} });

export type { HttpAnswer };

export const post = (port: number, path: string, body: string, headers: Record<string, string | number>): Promise<HttpAnswer> =>
  httpRequest(port, path, { body, headers });

export const get = (port: number, path: string) => httpRequest(port, path, { method: "GET" });

interface ActionArgs {
  user?: string;
  action: Json;
  container?: Json;
  channel?: string;
  actionTs?: string;
  view?: Json;
}

interface SubmissionArgs {
  user?: string;
  privateMetadata: string;
  value: string;
  hash?: string;
  /** The user chosen in a users_select (the Assign modal) instead of typed text. */
  selectedUser?: string;
}

let triggers = 0;
let actionClock = 1_700_000_000;

export async function startSlack(db: Database, opts: { ackDeadline?: Deadline; now?: string } = {}) {
  const { services, clock } = testServices(db, opts.now);
  const sleeps: number[] = [];
  let late = false;
  const deadline: Deadline = () => (late ? alwaysLate() : (opts.ackDeadline ?? neverLate)());
  const slack = createSlackSurface({
    config: { SLACK_BOT_TOKEN: "xoxb-test-token", SLACK_SIGNING_SECRET: SECRET },
    services,
    commands,
    options: {
      botIdentity: BOT,
      ackDeadline: deadline,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    },
  });
  await slack.start();
  const server = createHttpServer([healthRoutes(() => db.query("select 1")), slack.route], services.log);
  const port = await listen(server, 0, "127.0.0.1");
  const nowSeconds = () => Math.floor(clock.now().getTime() / 1000);

  /** Signs like Slack: v0 HMAC over `v0:<ts>:<body>` with the signing secret. */
  const signed = (body: string, contentType: string, extra: { timestamp?: number; headers?: Record<string, string> } = {}) => {
    const ts = extra.timestamp ?? nowSeconds();
    return post(port, "/slack/events", body, {
      "content-type": contentType,
      "x-slack-request-timestamp": ts,
      "x-slack-signature": signSlackRequest(SECRET, ts, body),
      ...extra.headers,
    });
  };

  const h = {
    services,
    clock,
    slack,
    port,
    sleeps,
    signed,
    /** From now on commands are slower than the acknowledgement deadline (or not). */
    lateAcks(value: boolean) {
      late = value;
    },
    async close() {
      await slack.stop();
      await new Promise((resolve) => server.close(resolve));
    },

    slashBody(text: string, user = RITA, channel = CHANNEL) {
      const form = { ...fixture("slash-command"), text, user_id: user, channel_id: channel, trigger_id: `trigger-${++triggers}` };
      return new URLSearchParams(form as Record<string, string>).toString();
    },

    /** `/golive <text>` as `user` in `channel`; resolves with the acknowledgement. */
    async slash(text: string, user = RITA, channel = CHANNEL) {
      const answer = await signed(h.slashBody(text, user, channel), "application/x-www-form-urlencoded");
      await slack.idle();
      return answer;
    },

    actionBody(args: ActionArgs) {
      const base = fixture("block-actions");
      const payload: Json = {
        ...base,
        user: { ...(base.user as Json), id: args.user ?? RITA },
        trigger_id: `trigger-${++triggers}`,
        actions: [{ block_id: "b1", type: "button", action_ts: args.actionTs ?? `${++actionClock}.000100`, ...args.action }],
        container: args.container ?? { type: "message", message_ts: "1700000000.000100", channel_id: args.channel ?? CHANNEL, is_ephemeral: true },
        channel: { id: args.channel ?? CHANNEL, name: "launch" },
        response_url: "https://hooks.slack.com/actions/T0001/5678/abcd",
      };
      if (args.view) {
        payload.view = args.view;
        delete payload.channel;
        delete payload.response_url;
      }
      return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
    },

    async act(args: ActionArgs) {
      const answer = await signed(h.actionBody(args), "application/x-www-form-urlencoded");
      await slack.idle();
      return answer;
    },

    submissionBody(args: SubmissionArgs) {
      const base = fixture("view-submission");
      const view = base.view as Json;
      const payload = {
        ...base,
        user: { ...(base.user as Json), id: args.user ?? RITA },
        view: {
          ...view,
          private_metadata: args.privateMetadata,
          hash: args.hash ?? `hash-${++triggers}`,
          state: {
            values: {
              reason: { reason: args.selectedUser ? { type: "users_select", selected_user: args.selectedUser } : { type: "plain_text_input", value: args.value } },
            },
          },
        },
      };
      return `payload=${encodeURIComponent(JSON.stringify(payload))}`;
    },

    async submit(args: SubmissionArgs) {
      const answer = await signed(h.submissionBody(args), "application/x-www-form-urlencoded");
      await slack.idle();
      return answer;
    },

    eventBody(args: { user: string; eventId: string }) {
      const base = fixture("app-home-opened");
      return JSON.stringify({ ...base, event_id: args.eventId, event: { ...(base.event as Json), user: args.user } });
    },
  };
  return h;
}

export interface Captured {
  /** The call's parameters; `blocks` and `view` parsed from their JSON strings. */
  params: Json;
}

/**
 * Intercepts one Slack Web API call and resolves with what golive sent. The body is read
 * in nock's body matcher: under nock 15.0.0 a reply function taking the body hangs fetch.
 */
export function slackApi(method: string, answer: { status?: number; body?: Json; headers?: Record<string, string> } = {}): Promise<Captured> {
  return new Promise((resolve) => {
    nock("https://slack.com")
      .post(`/api/${method}`, (body) => {
        resolve({ params: parseApiBody(body) });
        return true;
      })
      .reply(answer.status ?? 200, answer.body ?? { ok: true }, answer.headers ?? {});
  });
}

function parseApiBody(body: unknown): Json {
  const params: Json = typeof body === "string" ? Object.fromEntries(new URLSearchParams(body)) : { ...(body as Json) };
  for (const key of ["blocks", "view"]) if (typeof params[key] === "string") params[key] = JSON.parse(params[key] as string);
  return params;
}

/** Intercepts one post to a response_url and resolves with its JSON body. */
export function responseUrl(path = "/actions/T0001/5678/abcd"): Promise<Json> {
  return new Promise((resolve) => {
    nock("https://hooks.slack.com")
      .post(path, (body) => {
        resolve(typeof body === "string" ? (JSON.parse(body) as Json) : (body as Json));
        return true;
      })
      .reply(200, "ok");
  });
}

type Block = { type: string; text?: { text: string }; elements?: Json[] };

/** The text of every block, for matching (header, sections, fields, context). */
export function blockText(blocks: unknown): string {
  return (blocks as Json[])
    .map((b) => {
      const block = b as Block & { fields?: { text: string }[] };
      if (block.text) return block.text.text;
      if (block.fields) return block.fields.map((f) => f.text).join(" | ");
      if (block.elements) return block.elements.map((e) => (e as { text?: string | { text: string } }).text).map((t) => (typeof t === "string" ? t : (t?.text ?? ""))).join(" ");
      return "";
    })
    .join("\n");
}

/** The button (or overflow option) labelled `label` on the item `ref`, as a block_actions action. */
export function itemAction(blocks: unknown, ref: string, label: string): Json {
  const list = blocks as Block[];
  const at = list.findIndex((b) => b.type === "section" && b.text?.text.includes(`*${ref}*`));
  if (at === -1) throw new Error(`no item ${ref} in the blocks`);
  const actions = list[at + 1];
  if (actions?.type !== "actions") throw new Error(`item ${ref} has no buttons`);
  for (const element of actions.elements ?? []) {
    const e = element as { type: string; action_id: string; value?: string; text?: { text: string }; options?: { text: { text: string }; value: string }[] };
    if (e.type === "button" && e.text?.text === label) return { type: "button", action_id: e.action_id, value: e.value, text: e.text };
    const option = e.options?.find((o) => o.text.text === label);
    if (e.type === "overflow" && option) return { type: "overflow", action_id: e.action_id, selected_option: option };
  }
  throw new Error(`item ${ref} has no ${label}`);
}
