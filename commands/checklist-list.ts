import { z } from "zod";
import { listShippedChecklists } from "../src/domain/checklist/catalog.js";
import { reply } from "../src/render/reply.js";
import { checklistsRepo } from "../src/storage/checklists-repo.js";
import { defineCommand } from "./types.js";

export default defineCommand({
  name: "checklist list",
  scope: "global",
  summary: "List the checklists a launch can be made from",
  usage: "checklist list",
  examples: ["checklist list"],
  args: z.object({}),
  async run(_args, ctx) {
    const shipped = listShippedChecklists().map((c) => `${c.id}  ${c.title}  (shipped)`);
    const imported = (await checklistsRepo.list(ctx.services.db)).map((c) => `${c.id}  ${c.title}  (imported ${c.importedAt.toISOString().slice(0, 10)})`);
    return reply.ok("Checklists", [{ kind: "heading", text: "Checklists" }, { kind: "text", text: [...shipped, ...imported].join("\n") }]);
  },
});
