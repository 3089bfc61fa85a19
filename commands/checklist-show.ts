import { sectionLabel } from "./present.js";
import { z } from "zod";
import { findChecklist } from "../src/domain/checklist/sources.js";
import type { ChecklistItem, ChecklistSection } from "../src/domain/checklist/types.js";
import { reply } from "../src/render/reply.js";
import { defineCommand } from "./types.js";

function outline(sections: ChecklistSection[], depth = 0): string[] {
  const pad = "  ".repeat(depth);
  const items = (list: ChecklistItem[], level: number): string[] =>
    list.flatMap((i) => [`${pad}${"  ".repeat(level)}${i.ref} ${i.critical ? "⚠️ " : ""}${i.text}`, ...items(i.items, level + 1)]);
  return sections.flatMap((s) => [`${pad}${sectionLabel(s)}`, ...items(s.items, 1), ...outline(s.sections, depth + 1)]);
}

export default defineCommand({
  name: "checklist show",
  scope: "global",
  summary: "Show a checklist's sections and items with their refs",
  usage: "checklist show <id>",
  examples: ["checklist show django-osce"],
  positionals: [{ name: "id" }],
  args: z.object({ id: z.string({ error: "name the checklist: checklist show django-osce" }) }),
  async run({ id }, ctx) {
    const { checklist } = await findChecklist(ctx.services.db, id);
    const critical = (list: ChecklistItem[]): number => list.reduce((n, i) => n + (i.critical ? 1 : 0) + critical(i.items), 0);
    const all = (s: ChecklistSection[]): ChecklistItem[] => s.flatMap((x) => [...x.items, ...all(x.sections)]);
    return reply.ok(`${checklist.title}: ${checklist.itemCount} items`, [
      { kind: "heading", text: `${checklist.title} (${id})` },
      { kind: "text", text: `${checklist.itemCount} items, ${critical(all(checklist.sections))} critical.` },
      { kind: "text", text: outline(checklist.sections).join("\n") },
    ]);
  },
});
