import { z } from "zod";
import type { KnownResult } from "../src/domain/audit/audit-run.js";
import { type Binding, bindingsFor } from "../src/domain/audit/bindings.js";
import { resultFor } from "../src/domain/audit/check-ids.js";
import type { Item } from "../src/domain/launches/types.js";
import { reply } from "../src/render/reply.js";
import { auditRepo } from "../src/storage/audit-repo.js";
import { itemsRepo } from "../src/storage/items-repo.js";
import { defineCommand } from "./types.js";

const stateOf = (item: Item) => (item.state === "done" ? `done, ${item.doneKind}` : item.state);

function latest(id: string, binding: Binding, known: ReadonlyMap<string, KnownResult>): string {
  if (binding.unknown.includes(id)) return `${id} UNKNOWN CHECK`;
  const result = resultFor(id, known);
  if (!result) return `${id} not run`;
  return `${id} ${result.status}${result.status === "pass" && result.cannotVerify ? " (unverified connection: proves nothing)" : ""}`;
}

function bindingLine(binding: Binding, known: ReadonlyMap<string, KnownResult>): string {
  const parts = [
    ...(binding.proving.length > 0 ? [`proves: ${binding.proving.map((id) => latest(id, binding, known)).join(", ")}`] : []),
    ...(binding.supporting.length > 0 ? [`supports: ${binding.supporting.map((id) => latest(id, binding, known)).join(", ")}`] : []),
  ];
  return `${binding.item.ref.padEnd(7)} ${parts.join(" · ")}  [${stateOf(binding.item)}]  ${binding.item.text}`;
}

export default defineCommand({
  name: "audit map",
  scope: "launch",
  role: "viewer",
  summary: "Which audit checks prove or only support which items of this launch, with each check's latest result",
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
        { kind: "text", text: "Bind one in the checklist: <!-- golive: audit=hsts,tls.valid --> (proves it) or <!-- golive: evidence=health --> (only supports it) after the item, then `launch sync`." },
      ]);
    }
    const source =
      bindings[0]!.source === "annotation" ? "the checklist's audit= and evidence= annotations" : "golive's built-in mapping (the checklist has no audit= or evidence= annotations)";
    const summary = `${bindings.length} item(s) of ${ctx.launch.name} bound to audit checks`;
    return reply.ok(summary, [
      { kind: "heading", text: `${ctx.launch.name} · audit bindings` },
      {
        kind: "text",
        text: `${summary}, from ${source}. "proves": every one passing verifies the item. "supports": shown as evidence; a failure flags the item or re-opens it; never verifies it. Each check shows its latest result.`,
      },
      { kind: "text", text: bindings.map((binding) => bindingLine(binding, known)).join("\n") },
    ]);
  },
});
