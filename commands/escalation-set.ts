import { z } from "zod";
import { durationLabel, parseDuration } from "../src/domain/incidents/local-time.js";
import { requireRotation } from "../src/domain/incidents/oncall.js";
import { parsePolicy, PHASES, policyText } from "../src/domain/incidents/policy.js";
import { GoliveError } from "../src/errors.js";
import { reply } from "../src/render/reply.js";
import { eventsRepo } from "../src/storage/events-repo.js";
import { incidentsRepo } from "../src/storage/incidents-repo.js";
import { defineCommand } from "./types.js";

const USAGE = 'escalation set <policy> "<steps>" [--phase launch-day,hypercare] [--remind 30m]';

export default defineCommand({
  name: "escalation set",
  scope: "launch",
  role: "release-manager",
  summary: "Define an escalation policy (who is paged, in what order, how long to wait) and the phases it is used in",
  usage: USAGE,
  examples: [
    'escalation set launch-day "notify oncall:primary; wait 5m; notify oncall:secondary; wait 10m; notify role:release-manager; wait 10m; notify channel; repeat 2" --phase launch-day',
    'escalation set nights "notify oncall:primary; wait 15m; pagerduty PD_ROUTING_KEY" --phase hypercare --remind 1h',
  ],
  positionals: [{ name: "policy" }, { name: "steps", kind: "rest" }],
  flags: { phase: "string", remind: "string" },
  args: z.object({
    policy: z.string({ error: "name the policy" }).regex(/^[a-z0-9][a-z0-9-]{0,31}$/, "use 1–32 lowercase letters, digits and dashes, e.g. launch-day"),
    steps: z.string({ error: 'give the steps in quotes, e.g. "notify oncall:primary; wait 5m; notify channel"' }),
    phase: z.string().optional(),
    remind: z.string().optional(),
  }),
  async run(args, ctx) {
    const phases = args.phase ? args.phase.split(",").map((p) => p.trim()).filter(Boolean) : [];
    const unknown = phases.find((p) => !(PHASES as string[]).includes(p));
    if (unknown) throw new GoliveError("usage", `"${unknown}" is not a phase.`, `Phases: ${PHASES.join(", ")}.`);
    const remindMs = args.remind ? parseDuration(args.remind) : 30 * 60_000;
    if (remindMs === null || remindMs < 60_000 || remindMs > 24 * 3_600_000) throw new GoliveError("usage", `--remind: "${args.remind}" is not a duration between 1m and 24h.`, "e.g. --remind 30m");
    const policy = parsePolicy(args.policy, args.steps, { parseMention: ctx.parseMention, remindMinutes: Math.round(remindMs / 60_000) });
    const { db, clock } = ctx.services;
    const at = clock.now();
    await db.transaction(async (tx) => {
      for (const [i, step] of policy.steps.entries()) {
        if (step.kind !== "notify" || step.target.kind !== "rotation") continue;
        await requireRotation(tx, ctx.launch, step.target.rotation).catch((error: GoliveError) => {
          throw new GoliveError("invalid", `Policy ${policy.name}, step ${i + 1} ("notify oncall:${step.target.kind === "rotation" ? step.target.rotation : ""}"): ${error.message}`, error.hint);
        });
      }
      const source = policyText(policy.steps);
      await incidentsRepo.savePolicy(tx, ctx.launch.id, { name: policy.name, source, phases, remindMinutes: policy.remindMinutes, updatedBy: ctx.actor.id, updatedAt: at });
      await eventsRepo.append(tx, { launchId: ctx.launch.id, itemKey: null, kind: "escalation.policy_set", actor: ctx.actor.id, surface: ctx.actor.surface, at, before: null, after: { name: policy.name, steps: source, phases, remindMinutes: policy.remindMinutes }, note: null });
    });
    const used = phases.length ? `used in ${phases.join(", ")}` : "not used in any phase yet (add --phase)";
    const text = `Policy ${policy.name} (${used}): ${policyText(policy.steps)}. Reminder after an acknowledgement: ${durationLabel(policy.remindMinutes * 60_000)}.`;
    return reply.ok(text);
  },
});
