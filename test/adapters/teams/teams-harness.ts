// Runs the Teams surface on the shared HTTP server and talks to it like the Bot Framework
// service does: real HTTP POSTs of Teams activities in, replies to serviceUrl caught by nock.
import { httpRequest } from "../../helpers/http.js";
import { readFileSync } from "node:fs";
import type { Server } from "node:http";
import nock from "nock";
import { commands } from "../../../commands/index.js";
import { type Config, ConfigSchema } from "../../../src/config.js";
import { createHttpServer, listen } from "../../../src/adapters/http/server.js";
import { createTeamsSurface, type TeamsSurface } from "../../../src/adapters/teams/surface.js";
import type { Database } from "../../../src/storage/database.js";
import { assertValidCard } from "../../helpers/adaptive-cards.js";
import { testServices } from "../../helpers/harness.js";

export const SERVICE_URL = "https://smba.trafficmanager.net";
export const SERVICE_PATH = "/amer";
export const BOT_ID = "28:9a3c2e1f-0000-4000-8000-00000000b07a";
export const RITA = "11111111-1111-4111-8111-111111111111";
export const BOB = "22222222-2222-4222-8222-222222222222";
export const BOB_TEAMS_ID = "29:1bObAaBcDeFgHiJkLmNoPqRsTuVwXyZ";
export const PERSONAL_CHAT = "a:1pErSoNaLcHaTwItHrItA";
export const CHANNEL = "19:launch-shop-7f3a@thread.tacv2";
export const TEAM = "19:team-web-4b1c@thread.tacv2";

// biome-ignore lint/suspicious/noExplicitAny: activities are free-form JSON
export type Activity = Record<string, any>;

export function fixture(name: string): Activity {
  return JSON.parse(readFileSync(new URL(`../../fixtures/teams/${name}.json`, import.meta.url), "utf8"));
}

let nextId = 1;
const freshId = () => `17638${String(nextId++).padStart(8, "0")}`;

export function personalMessage(text: string, from: { id?: string; aadObjectId?: string; name?: string } = {}): Activity {
  const a = fixture("personal-message");
  return { ...a, id: freshId(), text, from: { ...a.from, ...from } };
}

/** A channel message `@golive <text>`; `people` are mentioned after it as `<at>Name</at>`. */
export function channelMessage(text: string, people: { name: string; id: string; aadObjectId?: string }[] = [], extra: Activity = {}): Activity {
  const a = fixture("channel-message");
  const id = freshId();
  const entities = [...a.entities];
  let line = text;
  for (const p of people) {
    line = line.replace(`@${p.name}`, `<at>${p.name}</at>`);
    entities.push({ type: "mention", text: `<at>${p.name}</at>`, mentioned: { id: p.id, name: p.name, ...(p.aadObjectId ? { aadObjectId: p.aadObjectId } : {}) } });
  }
  return { ...a, id, text: `<at>golive</at> ${line}`, entities, conversation: { ...a.conversation, id: `${CHANNEL};messageid=${id}` }, ...extra };
}

export function cardInvoke(data: Record<string, unknown>, extra: Activity = {}): Activity {
  const a = fixture("card-action-invoke");
  return { ...a, id: `f:${freshId()}`, value: { ...a.value, action: { ...a.value.action, data } }, ...extra };
}

export interface Captured {
  method: string;
  path: string;
  body: Activity;
}

/**
 * nock 15.0.0 hands a reply function one fetch Request (a two-argument function is taken
 * as callback style): this reads it into something assertable.
 */
export function replyWith(record: (call: Captured) => unknown) {
  // nock's types still describe the (uri, body) signature.
  return (async (req: Request) => {
    const text = await req.text();
    return record({ method: req.method, path: decodeURIComponent(new URL(req.url).pathname), body: text ? JSON.parse(text) : {} });
  }) as unknown as (uri: string, body: nock.Body) => nock.ReplyBody;
}

/** Every call golive makes to the Bot Connector, answered 200 with a fresh activity id. */
export function connector() {
  const calls: Captured[] = [];
  const scope = nock(SERVICE_URL)
    .persist()
    .post(/\/v3\/conversations\/.+\/activities/)
    .reply(
      200,
      replyWith((call) => {
        calls.push(call);
        return { id: `sent-${calls.length}` };
      }),
    )
    .put(/\/v3\/conversations\/.+\/activities\/.+/)
    .reply(
      200,
      replyWith((call) => {
        calls.push(call);
        return { id: call.path.split("/").pop() };
      }),
    );
  return {
    calls,
    scope,
    /** The last message golive sent (fails when none). */
    last(): Captured {
      const call = calls.at(-1);
      if (!call) throw new Error("golive sent nothing to the Bot Connector");
      return call;
    },
  };
}

/** The Adaptive Card of a sent message, validated the way Teams reads it. */
export function cardOf(activity: Activity) {
  const attachment = activity.attachments?.[0];
  if (attachment?.contentType !== "application/vnd.microsoft.card.adaptive") throw new Error(`not a card message: ${JSON.stringify(activity).slice(0, 300)}`);
  assertValidCard(attachment.content);
  return attachment.content;
}

/** All the text a card shows (text blocks, facts, button titles), one string per line. */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== "object" || node === null) return;
    const n = node as Record<string, unknown>;
    if (n.type === "TextBlock" && typeof n.text === "string") out.push(n.text);
    if (typeof n.title === "string" && typeof n.value === "string") out.push(`${n.title}: ${n.value}`);
    if (typeof n.type === "string" && n.type.startsWith("Action.") && typeof n.title === "string") out.push(`[${n.title}]`);
    for (const [key, value] of Object.entries(n)) if (key !== "fallback") walk(value);
  };
  walk(card);
  return out.join("\n");
}

export interface TeamsTestApp {
  port: number;
  surface: TeamsSurface;
  services: ReturnType<typeof testServices>["services"];
  clock: ReturnType<typeof testServices>["clock"];
  /** Delays the connector retry policy asked for (nothing sleeps). */
  delays: number[];
  post(activity: Activity, headers?: Record<string, string>): Promise<{ status: number; body: string; json(): Activity }>;
  close(): Promise<void>;
}

export function teamsConfig(env: Record<string, string> = {}): Config {
  return ConfigSchema.parse({ GOLIVE_TEAMS_ALLOW_UNAUTHENTICATED: "true", LOG_LEVEL: "silent", ...env });
}

export async function startTeams(db: Database, config: Config = teamsConfig(), now?: string): Promise<TeamsTestApp> {
  const { services, clock } = testServices(db, now);
  const delays: number[] = [];
  const surface = createTeamsSurface({
    config,
    services,
    commands,
    retry: { random: () => 0.5, delay: async (ms) => void delays.push(ms) },
  });
  const server: Server = createHttpServer([surface.route], services.log);
  const port = await listen(server, 0, "127.0.0.1");
  return {
    port,
    surface,
    services,
    clock,
    delays,
    post: (activity, headers = {}) => postJson(port, "/api/messages", activity, headers),
    async close() {
      await surface.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export async function postJson(port: number, path: string, body: unknown, headers: Record<string, string> = {}) {
  const payload = typeof body === "string" ? body : JSON.stringify(body);
  const answer = await httpRequest(port, path, { body: payload, headers: { "content-type": "application/json", ...headers } });
  return { status: answer.status, body: answer.text, json: (): Activity => answer.json() };
}
