// The three answers to a page (the page message's buttons run these): acknowledge, resolve, escalate now.
import { z } from "zod";
import { acknowledgeIncident, escalateIncident, resolveIncident } from "../src/domain/incidents/incidents.js";
import { incidentCard } from "../src/domain/incidents/messages.js";
import { defineCommand, type LaunchContext } from "./types.js";

type Change = Awaited<ReturnType<typeof acknowledgeIncident>>;

const answer = (ctx: LaunchContext, result: Change) => {
  const card = incidentCard(ctx.launch, result.incident, result.message);
  return { ...card, visibility: "ephemeral" as const, summary: result.message };
};

const incidentRefArg = z.string().optional();

export const incidentAck = defineCommand({
  name: "incident ack",
  scope: "launch",
  // The person paged may be a viewer: the domain lets them, and any member, acknowledge.
  role: "viewer",
  summary: "Acknowledge an incident: you are on it, the escalation stops (the paged person or a member)",
  usage: "incident ack [id]",
  examples: ["incident ack", "incident ack 12"],
  positionals: [{ name: "id" }],
  args: z.object({ id: incidentRefArg }),
  async run(args, ctx) {
    return answer(ctx, await acknowledgeIncident(ctx.services.db, ctx.launch, args.id, ctx.actor, ctx.services.clock.now()));
  },
});

export const incidentResolve = defineCommand({
  name: "incident resolve",
  scope: "launch",
  role: "viewer",
  summary: "Resolve an incident, with an optional note (the paged person or a member)",
  usage: "incident resolve [id] [note]",
  examples: ["incident resolve 12 rolled back to 1.4.2"],
  positionals: [{ name: "id" }, { name: "note", kind: "rest" }],
  args: z.object({ id: incidentRefArg, note: z.string().max(2000, "the note is longer than 2000 characters").optional() }),
  async run(args, ctx) {
    // `incident resolve rolled back` (no number): the note is all words, the incident the only open one.
    const numbered = args.id === undefined || /^#?\d+$/.test(args.id);
    const note = (numbered ? args.note : [args.id, args.note].filter(Boolean).join(" "))?.trim() || null;
    return answer(ctx, await resolveIncident(ctx.services.db, ctx.launch, numbered ? args.id : undefined, note, ctx.actor, ctx.services.clock.now()));
  },
});

export const incidentEscalate = defineCommand({
  name: "incident escalate",
  scope: "launch",
  role: "viewer",
  summary: "Page the next step of the escalation now, without waiting (the paged person or a member)",
  usage: "incident escalate [id]",
  examples: ["incident escalate 12"],
  positionals: [{ name: "id" }],
  args: z.object({ id: incidentRefArg }),
  async run(args, ctx) {
    return answer(ctx, await escalateIncident(ctx.services.db, ctx.launch, args.id, ctx.actor, ctx.services.clock.now()));
  },
});
