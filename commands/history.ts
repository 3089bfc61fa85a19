import { z } from "zod";
import { reply } from "../src/render/reply.js";
import { eventsRepo } from "../src/storage/events-repo.js";
import { itemsRepo } from "../src/storage/items-repo.js";
import { arg } from "./args.js";
import { findItem } from "../src/domain/launches/find-item.js";
import { eventJson } from "./json.js";
import { eventInWords } from "../src/domain/launches/history-words.js";
import { localSeconds } from "../src/domain/incidents/local-time.js";
import { peopleRepo } from "../src/storage/people-repo.js";
import { defineCommand } from "./types.js";

const HISTORY_PAGE = 20;
/** `history --json` pages: newest first, this many events a page. */
export const HISTORY_JSON_PAGE = 100;

const show = (v: unknown) => (v === null || v === undefined ? "–" : typeof v === "object" ? JSON.stringify(v) : String(v));

/** Audit evidence as one line per check (`hsts pass (run 3): …`); other evidence as JSON. */
function evidenceLines(evidence: unknown): string {
  const checks = (evidence as { checks?: unknown } | null)?.checks;
  if (!Array.isArray(checks)) return `\n    evidence: ${JSON.stringify(evidence).slice(0, 500)}`;
  return checks
    .map(
      (c: { id?: unknown; role?: unknown; status?: unknown; run?: unknown; summary?: unknown }) =>
        `\n    ${show(c.id)} ${show(c.status)} (run ${show(c.run)}${c.role === "supports" ? ", supports only" : ""}): ${show(c.summary).slice(0, 200)}`,
    )
    .join("");
}

export default defineCommand({
  name: "history",
  scope: "launch",
  role: "viewer",
  summary: "Who changed what and when: for the launch or one item",
  usage: "history [ref|words] [--page N] [--json]",
  examples: ["history", "history 4.2", "history debug false", "history 4.2 --json"],
  positionals: [{ name: "target", kind: "rest" }],
  flags: { page: "string", json: "boolean" },
  args: z.object({ target: z.string().optional(), page: arg.page, json: z.boolean().default(false) }),
  async run({ target, page, json }, ctx) {
    const { db } = ctx.services;
    const items = await itemsRepo.list(db, ctx.launch.id, { includeArchived: true });
    const item = target ? findItem(items, target) : null;
    const refOf = new Map(items.map((i) => [i.key, i.ref]));
    if (json) {
      const { events, total } = await eventsRepo.list(db, ctx.launch.id, { itemKey: item?.key, limit: HISTORY_JSON_PAGE, offset: (page - 1) * HISTORY_JSON_PAGE });
      const data = {
        launch: ctx.launch.name,
        item: item ? { ref: item.ref, key: item.key, text: item.text } : null,
        page,
        pages: Math.max(1, Math.ceil(total / HISTORY_JSON_PAGE)),
        total,
        events: events.map((e) => eventJson(e, refOf)),
      };
      return reply.json(data, `${ctx.launch.name}: ${total} event(s)`);
    }
    const { events, total } = await eventsRepo.list(db, ctx.launch.id, { itemKey: item?.key, limit: HISTORY_PAGE, offset: (page - 1) * HISTORY_PAGE });
    const title = item ? `History of ${item.ref} ${item.text}` : `History of ${ctx.launch.name} (times in ${ctx.launch.timezone})`;
    if (events.length === 0) return reply.ok(`${title}: no events${page > 1 ? " on this page" : ""}.`);
    const names = await peopleRepo.names(db, events.flatMap((e) => [e.actor, ...[e.after?.owner, e.after?.principal].filter((v): v is string => typeof v === "string")]));
    const lines = events.map((e) => {
      const ref = e.itemKey ? (refOf.get(e.itemKey) ?? (e.itemKey.startsWith("incident:") ? e.itemKey.replace(":", " ") : null)) : null;
      const evidence = e.after && "evidence" in e.after ? evidenceLines(e.after.evidence) : "";
      return `${localSeconds(e.at, ctx.launch.timezone).slice(0, 16)}  ${eventInWords(e, ref, names)}${evidence}`;
    });
    const rest = total - page * HISTORY_PAGE;
    if (rest > 0) lines.push(`… ${rest} older — history ${target ?? ""} --page ${page + 1}`.replace(/\s+--/, " --"));
    return reply.ok(title, [
      { kind: "heading", text: title },
      { kind: "text", text: lines.join("\n") },
    ]);
  },
});
