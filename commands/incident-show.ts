import { z } from "zod";
import { findIncident } from "../src/domain/incidents/incidents.js";
import { incidentCard } from "../src/domain/incidents/messages.js";
import { policyText } from "../src/domain/incidents/policy.js";
import { MAX_TIMELINE, timelineLines } from "../src/domain/incidents/timeline.js";
import { localSeconds } from "../src/domain/incidents/local-time.js";
import type { ReplyBlock } from "../src/render/reply.js";
import { incidentsRepo } from "../src/storage/incidents-repo.js";
import { defineCommand } from "./types.js";

export default defineCommand({
  name: "incident show",
  scope: "launch",
  role: "viewer",
  summary: "An incident and its timeline, to the second: pages (delivered or not), acknowledgements, escalations, notes, resolution",
  usage: "incident show [id]",
  examples: ["incident show 12"],
  positionals: [{ name: "id" }],
  args: z.object({ id: z.string().optional() }),
  async run(args, ctx) {
    const { db } = ctx.services;
    const incident = await findIncident(db, ctx.launch, args.id);
    const { lines, total } = await timelineLines(db, ctx.launch, incident);
    const card = incidentCard(ctx.launch, incident);
    const next = incident.status === "triggered" ? await incidentsRepo.nextDue(db, incident.id) : null;
    const blocks: ReplyBlock[] = card.blocks.filter((b) => b.kind !== "text");
    blocks.push({ kind: "text", text: `Policy ${incident.policy}: ${policyText(incident.steps)}` });
    if (next) blocks.push({ kind: "text", text: `Next step (${next.step + 1}) at ${localSeconds(next.dueAt, ctx.launch.timezone)} unless someone acknowledges.` });
    blocks.push({ kind: "heading", text: `Timeline (${ctx.launch.timezone})` });
    blocks.push({ kind: "text", text: (total > MAX_TIMELINE ? `… ${total - MAX_TIMELINE} earlier entries not shown\n` : "") + lines.join("\n") });
    return { ...card, visibility: "ephemeral", blocks };
  },
});
