import { z } from "zod";
import { depths, isOverdue, needsAttentionNow } from "../src/domain/launches/readiness.js";
import type { Item } from "../src/domain/launches/types.js";
import { reply } from "../src/render/reply.js";
import { arg } from "./args.js";
import { inSection, loadLaunch } from "./launch-data.js";
import { replyItem } from "./present.js";
import { listJson } from "./json.js";
import { defineCommand } from "./types.js";

export const PAGE_SIZE = 20;
/**
 * Items on a page, per surface: a Teams card must hold its whole page (28 KB a message), so
 * no item falls between pages. Ten items of any length fit one card (texts are clipped there).
 */
export const pageSize = (surface: string) => (surface === "teams" ? 10 : PAGE_SIZE);
const FILTERS = ["open", "done", "blocked", "skipped", "mine", "critical", "overdue", "attention"] as const;

export default defineCommand({
  name: "list",
  scope: "launch",
  role: "viewer",
  summary: "List items, optionally of one section and filtered",
  usage: "list [section-ref] [--open|--done|--blocked|--skipped|--mine|--critical|--overdue|--attention] [--page N] [--json]",
  examples: ["list", "list 3 --open", "list --mine", "list --critical --page 2", "list --open --json"],
  positionals: [{ name: "section" }],
  flags: { ...Object.fromEntries(FILTERS.map((f) => [f, "boolean" as const])), page: "string", json: "boolean" },
  args: z.object({
    section: z.string().regex(/^\d+(-\d+)?$/, "is not a section ref; use the number shown by `status`, e.g. 3").optional(),
    page: arg.page.unwrap().optional(),
    json: z.boolean().default(false),
    ...Object.fromEntries(FILTERS.map((f) => [f, z.boolean().default(false)])),
  }),
  async run(args, ctx) {
    const { launch, actor } = ctx;
    const data = await loadLaunch(ctx);
    let items = args.section ? inSection(data.sections, data.items, args.section).items : data.items;
    const active = FILTERS.filter((f) => (args as Record<string, unknown>)[f] === true);
    const tests: Record<(typeof FILTERS)[number], (i: Item) => boolean> = {
      open: (i) => i.state === "open",
      done: (i) => i.state === "done",
      blocked: (i) => i.state === "blocked",
      skipped: (i) => i.state === "skipped",
      mine: (i) => i.owner === actor.id,
      critical: (i) => i.critical && i.state !== "done" && i.state !== "skipped",
      overdue: (i) => isOverdue(i, data.today),
      attention: (i) => needsAttentionNow(i, data.today),
    };
    items = items.filter((i) => active.every((f) => tests[f](i)));
    if (args.json) {
      // Every matching item, unless a page is asked for (pages of PAGE_SIZE, as in the text).
      const pages = Math.max(1, Math.ceil(items.length / PAGE_SIZE));
      const page = args.page === undefined ? null : { page: Math.min(args.page, pages), pages };
      const shown = page ? items.slice((page.page - 1) * PAGE_SIZE, page.page * PAGE_SIZE) : items;
      const json = listJson({ launch, section: args.section, filters: active, items: shown, total: items.length, today: data.today, page });
      return reply.json(json, `${launch.name}: ${items.length} item(s)`);
    }
    const what = [args.section ? `section ${args.section}` : null, ...active].filter(Boolean).join(", ") || "all items";
    if (items.length === 0) return reply.ok(`No items (${what}).`);
    const size = pageSize(actor.surface);
    const depth = depths(data.items);
    const pages = Math.ceil(items.length / size);
    const page = Math.min(args.page ?? 1, pages);
    const shown = items.slice((page - 1) * size, page * size);
    const rest = items.length - page * size;
    const nextCommand = ["list", args.section, ...active.map((f) => `--${f}`), ...(ctx.launchName ? [`--launch ${launch.name}`] : []), `--page ${page + 1}`]
      .filter(Boolean)
      .join(" ");
    return reply.ok(`${launch.name}: ${items.length} item(s), ${what}`, [
      { kind: "heading", text: `${launch.name} · ${what} · page ${page}/${pages}` },
      {
        kind: "items",
        items: shown.map((i) => ({ ...replyItem(i, launch, data.today, true, data.names), depth: depth.get(i.key) ?? 0 })),
        ...(rest > 0 ? { more: { count: rest, hint: nextCommand } } : {}),
      },
    ]);
  },
});
