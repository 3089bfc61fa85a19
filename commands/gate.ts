import { z } from "zod";
import { checkGate, gateOptions, type GateResult } from "../src/domain/launches/gate.js";
import { type Reply, reply } from "../src/render/reply.js";
import { gateJson } from "./json.js";
import { defineCommand } from "./types.js";

const SHOWN = 20;

function gateReply(result: GateResult): Reply {
  const { launch, options } = result;
  const rule = options.require === "verified" ? `critical items verified by an audit${options.maxAge ? `, evidence at most ${options.maxAge} old` : ""}` : "critical items done, nothing blocked";
  const title = `${result.verdict === "go" ? "GO" : "NO-GO"} for ${launch.name} (${rule})`;
  const lines = result.failing.slice(0, SHOWN).map((f) => `${f.ref.padEnd(7)} ${f.text} — ${f.detail}`);
  if (result.failing.length > SHOWN) lines.push(`… ${result.failing.length - SHOWN} more: gate --json lists them all`);
  const text = [title, ...result.reasons.map((r) => `- ${r}`), ...(lines.length > 0 ? ["Stopping the deploy:", ...lines] : [])].join("\n");
  const summary = `${launch.name}: ${result.verdict.toUpperCase()}`;
  return result.verdict === "go" ? reply.ok(summary, [{ kind: "text", text }]) : { ...reply.error(text, undefined, "nogo"), summary };
}

export default defineCommand({
  name: "gate",
  scope: "launch",
  role: "viewer",
  summary: "Deploy gate for pipelines: GO or NO-GO with the reasons (CLI exit 0 GO, 1 NO-GO, 2 usage or connection error); every check is recorded",
  usage: "gate [--require attested|verified] [--max-age 24h] [--json]",
  examples: ["gate", "gate --require verified --max-age 24h", "gate --launch osce-prod --json"],
  flags: { require: "string", "max-age": "string", json: "boolean" },
  args: z.object({ require: z.string().optional(), "max-age": z.string().optional(), json: z.boolean().default(false) }),
  async run(args, ctx) {
    const options = gateOptions({ require: args.require, maxAge: args["max-age"] });
    const origin = { via: ctx.origin?.via ?? ctx.actor.surface, ...(ctx.origin?.host ? { host: ctx.origin.host } : {}), conversation: ctx.conversation };
    const result = await checkGate(ctx.services.db, ctx.launch, options, ctx.actor, origin, ctx.services.clock.now());
    if (!args.json) return gateReply(result);
    return reply.json(gateJson(result), `${ctx.launch.name}: ${result.verdict.toUpperCase()}`, result.verdict === "go" ? undefined : "nogo");
  },
});
