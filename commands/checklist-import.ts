import { basename } from "node:path";
import { z } from "zod";
import { listShippedChecklists } from "../src/domain/checklist/catalog.js";
import { lintChecklist } from "../src/domain/checklist/lint.js";
import { GoliveError } from "../src/errors.js";
import { reply } from "../src/render/reply.js";
import { checklistsRepo } from "../src/storage/checklists-repo.js";
import { eventsRepo } from "../src/storage/events-repo.js";
import { readLocalTextFile } from "./local-file.js";
import { defineCommand } from "./types.js";

const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

export default defineCommand({
  name: "checklist import",
  scope: "global",
  summary: "Import a checklist file so launches can be made from it (again to update it; then `launch sync`)",
  shellOnly: true,
  usage: "checklist import <file.md> [--id <id>]",
  examples: ["checklist import ./our-checklist.md --id acme-web"],
  positionals: [{ name: "file" }],
  flags: { id: "string" },
  args: z.object({
    file: z.string({ error: "name the file: checklist import my-checklist.md" }),
    id: z.string().regex(ID, "use lowercase letters, digits and dashes, e.g. acme-web").optional(),
  }),
  async run({ file, id }, ctx) {
    const checklistId = id ?? basename(file).replace(/\.(md|markdown)$/i, "").toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "");
    if (!ID.test(checklistId)) throw new GoliveError("usage", `Cannot make an id from "${file}".`, "Give one: --id my-checklist");
    if (listShippedChecklists().some((c) => c.id === checklistId)) {
      throw new GoliveError("conflict", `"${checklistId}" is a checklist shipped with golive.`, "Import yours under another id: --id <id>");
    }
    const source = await readLocalTextFile(ctx, file, "a checklist (a Markdown file)", "Run this command in the shell where golive runs.");
    const result = lintChecklist(source);
    if (!result.ok) throw new GoliveError("invalid", `${file} is not a usable checklist: ${result.reason}`);
    const { db, clock } = ctx.services;
    const at = clock.now();
    await db.transaction(async (tx) => {
      const before = await checklistsRepo.get(tx, checklistId);
      await checklistsRepo.upsert(tx, { id: checklistId, title: result.checklist.title, source, importedBy: ctx.actor.id, importedAt: at });
      await eventsRepo.append(tx, {
        launchId: null,
        itemKey: null,
        kind: "checklist.imported",
        actor: ctx.actor.id,
        surface: ctx.actor.surface,
        at,
        before: before ? { id: checklistId, title: before.title } : null,
        after: { id: checklistId, title: result.checklist.title, items: result.checklist.itemCount, file: basename(file) },
        note: null,
      });
    });
    const warnings = result.checklist.warnings.length;
    return reply.ok(`Imported ${checklistId}: ${result.checklist.itemCount} items${warnings ? `, ${warnings} warning(s) (checklist lint ${file})` : ""}.`);
  },
});
