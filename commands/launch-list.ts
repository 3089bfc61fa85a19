import { z } from "zod";
import { dateIn, phaseOn } from "../src/domain/launches/calendar.js";
import { reply } from "../src/render/reply.js";
import { launchesRepo } from "../src/storage/launches-repo.js";
import { defineCommand } from "./types.js";

export default defineCommand({
  name: "launch list",
  scope: "global",
  summary: "List the launches",
  usage: "launch list [--all]",
  examples: ["launch list", "launch list --all"],
  flags: { all: "boolean" },
  args: z.object({ all: z.boolean().default(false) }),
  async run({ all }, ctx) {
    const { db, clock } = ctx.services;
    const launches = await launchesRepo.list(db, { includeArchived: all });
    if (launches.length === 0) {
      return reply.ok("No launches yet.", [{ kind: "text", text: "No launches yet. Create one: launch create <name> --checklist django-osce --date YYYY-MM-DD" }]);
    }
    const now = clock.now();
    const lines = launches.map((l) => {
      const phase = phaseOn(l.launchDate, dateIn(l.timezone, now));
      return `${l.name}  ${l.launchDate} ${l.timezone}  ${l.archivedAt ? "archived" : phase}  (${l.checklistId})`;
    });
    return reply.ok(`${launches.length} launch(es)`, [{ kind: "heading", text: "Launches" }, { kind: "text", text: lines.join("\n") }]);
  },
});
