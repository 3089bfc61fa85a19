import { z } from "zod";
import { hashCiToken, newCiToken } from "../src/domain/audit/ci-token.js";
import { envName, incidentSettingsOf } from "../src/domain/incidents/settings.js";
import { GoliveError } from "../src/errors.js";
import { reply, type ReplyBlock } from "../src/render/reply.js";
import { eventsRepo } from "../src/storage/events-repo.js";
import { incidentsRepo } from "../src/storage/incidents-repo.js";
import { launchesRepo } from "../src/storage/launches-repo.js";
import { defineCommand } from "./types.js";

const offOr = (schema: z.ZodType<string>) => z.union([z.literal("off"), schema]).optional();

export default defineCommand({
  name: "incident setup",
  scope: "launch",
  role: "release-manager",
  summary: "Connect incidents to PagerDuty, Sentry, Alertmanager and webhooks (secrets stay in environment variables)",
  usage: "incident setup [--pagerduty-env NAME|off] [--mirror on|off] [--sentry-env NAME|off] [--token]",
  examples: ["incident setup --pagerduty-env PD_ROUTING_KEY --mirror on", "incident setup --sentry-env SENTRY_CLIENT_SECRET", "incident setup --token"],
  flags: { "pagerduty-env": "string", mirror: "string", "sentry-env": "string", token: "boolean" },
  args: z.object({
    "pagerduty-env": offOr(envName),
    mirror: z.enum(["on", "off"], { error: "--mirror is on or off" }).optional(),
    "sentry-env": offOr(envName),
    token: z.boolean().default(false),
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
        ],
      },
    ];
    if (token) blocks.push({ kind: "text", text: `Webhook token (shown this once; golive keeps only its hash, the previous one stops working):\n${token}` });
    return reply.ok(changed ? `Incident integrations of ${ctx.launch.name} updated` : `Incident integrations of ${ctx.launch.name}`, blocks);
  },
});
