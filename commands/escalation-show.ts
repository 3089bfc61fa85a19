import { z } from "zod";
import { policyFor } from "../src/domain/incidents/incidents.js";
import { durationLabel } from "../src/domain/incidents/local-time.js";
import { BUILTIN_POLICIES, builtinFor, PHASES, policyText } from "../src/domain/incidents/policy.js";
import { dateIn, phaseOn } from "../src/domain/launches/calendar.js";
import { reply, type ReplyBlock } from "../src/render/reply.js";
import { incidentsRepo } from "../src/storage/incidents-repo.js";
import { defineCommand } from "./types.js";

export default defineCommand({
  name: "escalation show",
  scope: "launch",
  role: "viewer",
  summary: "The escalation policies of the launch and which one each phase uses",
  usage: "escalation show",
  examples: ["escalation show"],
  args: z.object({}),
  async run(_args, ctx) {
    const { db, clock } = ctx.services;
    const now = clock.now();
    const stored = await incidentsRepo.policies(db, ctx.launch.id);
    const phaseNow = phaseOn(ctx.launch.launchDate, dateIn(ctx.launch.timezone, now));
    const current = await policyFor(db, ctx.launch, now);
    const usedBy = (name: string) => PHASES.filter((phase) => (stored.find((p) => p.phases.includes(phase))?.name ?? builtinFor(phase)) === name);
    const blocks: ReplyBlock[] = [{ kind: "heading", text: `${ctx.launch.name} · escalation (now ${phaseNow}: ${current.name})` }];
    for (const p of stored) {
      const phases = usedBy(p.name);
      blocks.push({ kind: "text", text: `${p.name}${phases.length ? ` — ${phases.join(", ")}` : " — no phase"}: ${p.source} (reminder ${durationLabel(p.remindMinutes * 60_000)})` });
    }
    for (const builtin of Object.values(BUILTIN_POLICIES)) {
      if (stored.some((p) => p.name === builtin.name)) continue;
      const phases = usedBy(builtin.name);
      if (phases.length === 0) continue;
      blocks.push({ kind: "text", text: `${builtin.name} (built in) — ${phases.join(", ")}: ${policyText(builtin.steps)} (reminder ${durationLabel(builtin.remindMinutes * 60_000)})` });
    }
    blocks.push({ kind: "text", text: 'Change one: escalation set <policy> "<steps>" --phase <phases>' });
    return reply.ok(`Escalation of ${ctx.launch.name}: ${current.name} now`, blocks);
  },
});
