import { z } from "zod";
import { bindingsFor } from "../src/domain/audit/bindings.js";
import type { Item } from "../src/domain/launches/types.js";
import { reply } from "../src/render/reply.js";
import { auditRepo } from "../src/storage/audit-repo.js";
import { itemsRepo } from "../src/storage/items-repo.js";
import { defineCommand } from "./types.js";

const stateOf = (item: Item) => (item.state === "done" ? `done, ${item.doneKind}` : item.state);

export default defineCommand({
  name: "audit map",
  scope: "launch",
  role: "viewer",
  summary: "Which audit checks prove which items of this launch, with each check's latest result",
  usage: "audit map",
  examples: ["audit map"],
  args: z.object({}),
  async run(_args, ctx) {
    const { db } = ctx.services;
    const [items, known] = [await itemsRepo.list(db, ctx.launch.id), await auditRepo.latestResults(db, ctx.launch.id)];
    const bindings = bindingsFor(items);
    if (bindings.length === 0) {
      return reply.ok(`No item of ${ctx.launch.name} is bound to an audit check.`, [
        { kind: "text", text: `No item of ${ctx.launch.name} is bound to an audit check.` },
        { kind: "text", text: "Bind one in the checklist: <!-- golive: audit=hsts,tls.valid --> after the item, then `launch sync`." },
      ]);
    }
    const source = bindings[0]!.source === "annotation" ? "the checklist's audit= annotations" : "golive's built-in mapping (the checklist has no audit= annotations)";
    const lines = bindings.map(({ item, checks, unknown }) => {
      const results = checks.map((id) => `${id} ${unknown.includes(id) ? "UNKNOWN CHECK" : (known.get(id)?.status ?? "not run")}`);
      return `${item.ref.padEnd(7)} ${results.join(", ")}  [${stateOf(item)}]  ${item.text}`;
    });
    const summary = `${bindings.length} item(s) of ${ctx.launch.name} bound to audit checks`;
    return reply.ok(summary, [
      { kind: "heading", text: `${ctx.launch.name} · audit bindings` },
      { kind: "text", text: `${summary}, from ${source}. Each check shows its latest result.` },
      { kind: "text", text: lines.join("\n") },
    ]);
  },
});
