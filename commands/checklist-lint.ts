import { z } from "zod";
import { checklistJson, lintChecklist } from "../src/domain/checklist/lint.js";
import { reply } from "../src/render/reply.js";
import { readLocalTextFile } from "./local-file.js";
import { defineCommand } from "./types.js";

export default defineCommand({
  name: "checklist lint",
  scope: "global",
  summary: "Check a checklist file: items, refs, flags and warnings (--json for tools)",
  shellOnly: true,
  usage: "checklist lint <file.md> [--json]",
  examples: ["checklist lint checklists/django-osce.md", "checklist lint my-checklist.md --json"],
  positionals: [{ name: "file" }],
  flags: { json: "boolean" },
  args: z.object({ file: z.string({ error: "name the file: checklist lint my-checklist.md" }), json: z.boolean().default(false) }),
  async run({ file, json }, ctx) {
    const result = lintChecklist(await readLocalTextFile(ctx, file, "a checklist (a Markdown file)", "Run this command in the shell where golive runs."));
    const c = result.checklist;
    if (json) {
      const out = result.ok ? checklistJson(c) : { ...checklistJson(c), error: result.reason };
      return reply.json(out, `${file}: ${c.itemCount} items`, result.ok ? undefined : "invalid");
    }
    const warnings = c.warnings.map((w) => `line ${w.line}: ${w.message}`);
    if (!result.ok) return reply.error(`${file} is not a usable checklist: ${result.reason}`, warnings.join("\n") || undefined);
    const critical = (items: typeof c.sections[number]["items"]): number => items.reduce((n, i) => n + (i.critical ? 1 : 0) + critical(i.items), 0);
    const all = (sections: typeof c.sections): typeof c.sections[number]["items"] => sections.flatMap((s) => [...s.items, ...all(s.sections)]);
    return reply.ok(`${file}: ${c.itemCount} items, ${c.warnings.length} warning(s)`, [
      { kind: "text", text: `${c.title}: ${c.itemCount} items, ${critical(all(c.sections))} critical, ${c.warnings.length} warning(s).` },
      ...(warnings.length ? [{ kind: "text" as const, text: warnings.join("\n") }] : []),
    ]);
  },
});
