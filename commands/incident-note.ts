import { z } from "zod";
import { noteIncident } from "../src/domain/incidents/incidents.js";
import { reply } from "../src/render/reply.js";
import { arg } from "./args.js";
import { defineCommand } from "./types.js";

export default defineCommand({
  name: "incident note",
  scope: "launch",
  role: "member",
  summary: "Add a note to an incident's timeline",
  usage: "incident note <id> <text>",
  examples: ["incident note 12 failover to the replica done, watching latency"],
  positionals: [{ name: "id" }, { name: "text", kind: "rest" }],
  args: z.object({ id: z.string({ error: "give the incident number: incident note 12 <text>" }), text: arg.text("The note") }),
  async run(args, ctx) {
    const { message } = await noteIncident(ctx.services.db, ctx.launch, args.id, args.text, ctx.actor, ctx.services.clock.now());
    return reply.ok(message);
  },
});
