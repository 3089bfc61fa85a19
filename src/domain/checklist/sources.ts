import { GoliveError } from "../../errors.js";
import type { Queryable } from "../../storage/database.js";
import { checklistsRepo } from "../../storage/checklists-repo.js";
import { listShippedChecklists, loadShippedChecklist } from "./catalog.js";
import { parseChecklist } from "./parse.js";
import type { ParsedChecklist } from "./types.js";

export interface ChecklistSource {
  id: string;
  origin: "shipped" | "imported";
  source: string;
  checklist: ParsedChecklist;
}

/** A checklist by id: imported ones (in the database) or the ones shipped in checklists/. */
export async function findChecklist(db: Queryable, id: string): Promise<ChecklistSource> {
  const imported = await checklistsRepo.get(db, id);
  if (imported) return { id, origin: "imported", source: imported.source, checklist: parseChecklist(imported.source) };
  if (listShippedChecklists().some((c) => c.id === id)) {
    const { source } = loadShippedChecklist(id);
    return { id, origin: "shipped", source, checklist: parseChecklist(source) };
  }
  const known = [...listShippedChecklists().map((c) => c.id), ...(await checklistsRepo.list(db)).map((c) => c.id)];
  throw new GoliveError("not_found", `There is no checklist "${id}".`, `Known checklists: ${known.join(", ") || "none"}. Import one with: checklist import <file.md> --id <id>`);
}
