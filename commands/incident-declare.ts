import { z } from "zod";
import { declareIncident } from "../src/domain/incidents/incidents.js";
import { incidentCard, incidentRef } from "../src/domain/incidents/messages.js";
import { arg } from "./args.js";
import { defineCommand } from "./types.js";

export default defineCommand({
  name: "incident declare",
  scope: "launch",
  role: "member",
  summary: "Declare an incident: the person on call is paged now, and the escalation policy climbs until someone acknowledges",
  usage: "incident declare <summary> [--sev 1-4]",
  examples: ["incident declare checkout returns 500 --sev 1", 'incident declare "exam submissions slow" --sev 3'],
  positionals: [{ name: "summary", kind: "rest" }],
  flags: { sev: "string" },
  args: z.object({
    summary: arg.text("The summary", 500),
    sev: z.coerce.number().int("--sev is 1 (worst) to 4").min(1, "--sev is 1 (worst) to 4").max(4, "--sev is 1 (worst) to 4").default(2),
  }),
  async run(args, ctx) {
    const { db, clock } = ctx.services;
    const { incident } = await declareIncident(db, ctx.launch, { summary: args.summary, severity: args.sev }, ctx.actor, clock.now());
    const paged = incident.paged.length > 0 ? "Paging has started." : "Nobody could be paged yet: see the timeline.";
    return incidentCard(ctx.launch, incident, `Incident ${incidentRef(incident)} declared (policy ${incident.policy}). ${paged}`);
  },
});
