import { z } from "zod";
import { hashCiToken, newCiToken } from "../src/domain/audit/ci-token.js";
import { onCallSetUp } from "../src/domain/incidents/automatic.js";
import { percentSetting, windowText } from "../src/domain/incidents/error-rate.js";
import { ERROR_RATE_DEFAULTS, type ErrorRateSettings, envName, incidentSettingsOf } from "../src/domain/incidents/settings.js";
import { GoliveError } from "../src/errors.js";
import { reply, type ReplyBlock } from "../src/render/reply.js";
import { digestRepo } from "../src/storage/digest-repo.js";
import { eventsRepo } from "../src/storage/events-repo.js";
import { incidentsRepo } from "../src/storage/incidents-repo.js";
import { launchesRepo } from "../src/storage/launches-repo.js";
import type { Queryable } from "../src/storage/database.js";
import { defineCommand } from "./types.js";

const offOr = (schema: z.ZodType<string>) => z.union([z.literal("off"), schema]).optional();

const rate = z
  .string()
  .trim()
  .regex(/^(off|on|\d{1,2}(\.\d{1,2})?\s*%?)$/, "is the share of requests that may fail, as a percentage (e.g. 5% or 2.5%), or on / off")
  .refine((v) => !/^\d/.test(v) || Number.parseFloat(v) > 0, "must be more than 0%");
const minRequests = z
  .string()
  .trim()
  .regex(/^\d{1,7}$/, "is a whole number of requests, e.g. 200")
  .refine((v) => !/^\d+$/.test(v) || Number(v) >= 1, "must be 1 or more");
const WINDOW = /^(\d{1,4})\s*(m|min|h)$/;
const windowMinutes = (v: string) => {
  const m = WINDOW.exec(v);
  return m ? Number(m[1]) * (m[2] === "h" ? 60 : 1) : Number.NaN;
};
const window = z
  .string()
  .trim()
  .regex(WINDOW, "is minutes or hours, e.g. 15m or 1h")
  .refine((v) => !WINDOW.test(v) || (windowMinutes(v) >= 1 && windowMinutes(v) <= 1440), "must be 1 minute to 24 hours");

function nextErrorRate(current: ErrorRateSettings | undefined, args: { "5xx-rate"?: string; "min-requests"?: string; window?: string }): ErrorRateSettings | undefined {
  if (args["5xx-rate"] === undefined && args["min-requests"] === undefined && args.window === undefined) return current;
  const next = { ...(current ?? ERROR_RATE_DEFAULTS) };
  const r = args["5xx-rate"];
  if (r !== undefined) next.enabled = r !== "off";
  if (r !== undefined && r !== "off" && r !== "on") next.threshold = Number.parseFloat(r) / 100;
  if (args["min-requests"] !== undefined) next.minRequests = Number(args["min-requests"]);
  if (args.window !== undefined) next.windowMinutes = windowMinutes(args.window);
  return next;
}

export default defineCommand({
  name: "incident setup",
  scope: "launch",
  role: "release-manager",
  summary: "Connect incidents to PagerDuty, Sentry, Alertmanager, webhooks (secrets stay in env variables); set the 5xx-rate alert",
  usage: "incident setup [--pagerduty-env NAME|off] [--mirror on|off] [--sentry-env NAME|off] [--token] [--5xx-rate 5%|off] [--min-requests 200] [--window 15m]",
  examples: [
    "incident setup --pagerduty-env PD_ROUTING_KEY --mirror on",
    "incident setup --sentry-env SENTRY_CLIENT_SECRET",
    "incident setup --token",
    "incident setup --5xx-rate 5% --min-requests 200 --window 15m",
  ],
  flags: { "pagerduty-env": "string", mirror: "string", "sentry-env": "string", token: "boolean", "5xx-rate": "string", "min-requests": "string", window: "string" },
  args: z.object({
    "pagerduty-env": offOr(envName),
    mirror: z.enum(["on", "off"], { error: "--mirror is on or off" }).optional(),
    "sentry-env": offOr(envName),
    token: z.boolean().default(false),
    "5xx-rate": rate.optional(),
    "min-requests": minRequests.optional(),
    window: window.optional(),
  }),
  async run(args, ctx) {
    const { db, clock } = ctx.services;
    const at = clock.now();
    if (args.token && ctx.public) throw new GoliveError("usage", "The token is a secret and is never posted in a channel.", "Run it without --public.");
    const current = incidentSettingsOf(ctx.launch);
    const next = { ...current };
    const pdEnv = args["pagerduty-env"];
    if (pdEnv === "off") delete next.pagerduty;
    else if (pdEnv || args.mirror) {
      const env = pdEnv ?? current.pagerduty?.env;
      if (!env) throw new GoliveError("usage", "--mirror needs a PagerDuty routing key first.", "incident setup --pagerduty-env PD_ROUTING_KEY --mirror on");
      next.pagerduty = { env, mirror: args.mirror ? args.mirror === "on" : (current.pagerduty?.mirror ?? false) };
    }
    if (args["sentry-env"] === "off") delete next.sentryEnv;
    else if (args["sentry-env"]) next.sentryEnv = args["sentry-env"];
    const errorRate = nextErrorRate(current.errorRate, args);
    if (errorRate) next.errorRate = errorRate;
    const token = args.token ? newCiToken() : null;
    const changed = JSON.stringify(next) !== JSON.stringify(current) || token !== null;
    if (changed) {
      await db.transaction(async (tx) => {
        const launch = (await launchesRepo.byId(tx, ctx.launch.id, true))!;
        await launchesRepo.update(tx, launch.id, { settings: { ...launch.settings, incidents: next } });
        if (token) await incidentsRepo.setTokenHash(tx, launch.id, hashCiToken(token), ctx.actor.id, at);
        await eventsRepo.append(tx, { launchId: launch.id, itemKey: null, kind: "incident.setup", actor: ctx.actor.id, surface: ctx.actor.surface, at, before: current, after: { ...next, tokenRotated: token !== null }, note: null });
      });
    }
    const base = `/api/launches/${ctx.launch.name}/alerts`;
    const blocks: ReplyBlock[] = [
      { kind: "heading", text: `${ctx.launch.name} · incident integrations` },
      {
        kind: "fields",
        fields: [
          { label: "PagerDuty", value: next.pagerduty ? `routing key from $${next.pagerduty.env}; ${next.pagerduty.mirror ? "every incident mirrored" : "only as a policy step (pagerduty)"}` : "off" },
          { label: "Sentry", value: next.sentryEnv ? `client secret from $${next.sentryEnv}: POST ${base}/sentry` : "off" },
          { label: "Alertmanager", value: `POST ${base}/alertmanager (Bearer token)` },
          { label: "Generic webhook", value: `POST ${base}/webhook (Bearer token) with {"summary", "key", "severity"}` },
          { label: "5xx rate", value: await errorRateText(ctx.services.db, ctx.launch.id, next.errorRate ?? ERROR_RATE_DEFAULTS) },
        ],
      },
    ];
    if (token) blocks.push({ kind: "text", text: `Webhook token (shown this once; golive keeps only its hash, the previous one stops working):\n${token}` });
    return reply.ok(changed ? `Incident integrations of ${ctx.launch.name} updated` : `Incident integrations of ${ctx.launch.name}`, blocks);
  },
});

async function errorRateText(db: Queryable, launchId: number, cfg: ErrorRateSettings): Promise<string> {
  if (!cfg.enabled) return "off (incident setup --5xx-rate 5% turns it on)";
  const rule = `an incident when over ${percentSetting(cfg.threshold)} of at least ${cfg.minRequests.toLocaleString("en-US")} requests fail in the last ${windowText(cfg.windowMinutes)}, checked every 5 minutes on launch day and in hypercare`;
  const missing = [
    ...((await digestRepo.sources(db, launchId)).some((s) => s.kind === "logs") ? [] : ["a log source (digest source add …)"]),
    ...((await onCallSetUp(db, launchId)) ? [] : ["someone on call (oncall set …)"]),
  ];
  return missing.length ? `${rule}; waiting for ${missing.join(" and ")}` : rule;
}
