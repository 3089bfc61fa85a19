import { z } from "zod";
import { dateIn, phaseOn } from "../src/domain/launches/calendar.js";
import { NAMES_SHOWN } from "../src/domain/launches/launches.js";
import { reply } from "../src/render/reply.js";
import { launchesRepo } from "../src/storage/launches-repo.js";
import { arg } from "./args.js";
import { defineCommand } from "./types.js";

export default defineCommand({
  name: "launch list",
  scope: "global",
  summary: "List the launches, 20 to a page",
  usage: "launch list [--all] [--page N]",
  examples: ["launch list", "launch list --all", "launch list --page 2"],
  flags: { all: "boolean", page: "string" },
  args: z.object({ all: z.boolean().default(false), page: arg.page.unwrap().optional() }),
  async run({ all, page: asked }, ctx) {
    const { db, clock } = ctx.services;
    const page = asked ?? 1;
    let { launches, total } = await launchesRepo.page(db, { includeArchived: all, limit: NAMES_SHOWN, offset: (page - 1) * NAMES_SHOWN });
    if (total === 0) {
      return reply.ok("No launches yet.", [{ kind: "text", text: "No launches yet. Create one: launch create <name> --checklist django-osce --date YYYY-MM-DD" }]);
    }
    const pages = Math.ceil(total / NAMES_SHOWN);
    const shownPage = Math.min(page, pages);
    if (shownPage !== page) ({ launches } = await launchesRepo.page(db, { includeArchived: all, limit: NAMES_SHOWN, offset: (shownPage - 1) * NAMES_SHOWN }));
    const now = clock.now();
    const lines = launches.map((l) => {
      const phase = phaseOn(l.launchDate, dateIn(l.timezone, now));
      return `${l.name}  ${l.launchDate} ${l.timezone}  ${l.archivedAt ? "archived" : phase}  (${l.checklistId})`;
    });
    const blocks = [{ kind: "heading" as const, text: pages > 1 ? `Launches · page ${shownPage}/${pages}` : "Launches" }, { kind: "text" as const, text: lines.join("\n") }];
    if (shownPage < pages) blocks.push({ kind: "text", text: `${total - shownPage * NAMES_SHOWN} more — launch list${all ? " --all" : ""} --page ${shownPage + 1}` });
    return reply.ok(`${total} launch(es)`, blocks);
  },
});
