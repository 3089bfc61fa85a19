import { z } from "zod";
import { localSeconds } from "../src/domain/incidents/local-time.js";
import { incidentRef, SOURCE_LABEL } from "../src/domain/incidents/messages.js";
import { personLabel } from "../src/domain/incidents/people.js";
import { reply } from "../src/render/reply.js";
import { incidentsRepo } from "../src/storage/incidents-repo.js";
import { defineCommand } from "./types.js";

const LIMIT = 30;

export default defineCommand({
  name: "incident list",
  scope: "launch",
  role: "viewer",
  summary: "Open incidents (with --all, the latest 30 of any status)",
  usage: "incident list [--all]",
  examples: ["incident list", "incident list --all"],
  flags: { all: "boolean" },
  args: z.object({ all: z.boolean().default(false) }),
  async run(args, ctx) {
    const incidents = await incidentsRepo.list(ctx.services.db, ctx.launch.id, { open: !args.all, limit: LIMIT });
    const what = args.all ? "incidents" : "open incidents";
    if (incidents.length === 0) return reply.ok(`${ctx.launch.name} has no ${what}.`);
    const tz = ctx.launch.timezone;
    const lines = incidents.map((i) => {
      const who = i.status === "acknowledged" ? ` by ${personLabel(i.ackedBy!)}` : i.status === "resolved" ? ` by ${personLabel(i.resolvedBy!)}` : "";
      const count = i.alertCount > 1 ? ` ×${i.alertCount}` : "";
      return `${incidentRef(i)}  SEV${i.severity}  ${i.status}${who}  ${localSeconds(i.declaredAt, tz)}  ${SOURCE_LABEL[i.source] ?? i.source}${count}  ${i.summary}`;
    });
    return reply.ok(`${incidents.length} ${what} on ${ctx.launch.name}`, [
      { kind: "heading", text: `${ctx.launch.name} · ${what}` },
      { kind: "text", text: lines.join("\n") },
      { kind: "text", text: "Details and timeline: incident show <id>" },
    ]);
  },
});
