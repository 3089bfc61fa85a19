import { z } from "zod";
import { dateIn } from "../src/domain/launches/calendar.js";
import { findItem, LOOKS_LIKE_REF, REF } from "../src/domain/launches/find-item.js";
import { changeItem, type ItemChange } from "../src/domain/launches/item-changes.js";
import type { Item } from "../src/domain/launches/types.js";
import { GoliveError } from "../src/errors.js";
import { type Reply, reply } from "../src/render/reply.js";
import { launchRows } from "../src/storage/launch-rows.js";
import { arg } from "./args.js";
import { replyItem } from "./present.js";
import type { LaunchContext, Token } from "./types.js";

/** The `<ref|words> [text]` positional of the item commands, as raw tokens. */
export const targetArg = z
  .array(z.object({ value: z.string(), quoted: z.boolean() }))
  .min(1, "name the item by its ref (4.2) or by words from its text");

/**
 * `4.2 some text` or `"debug false" some text` → selector + text. Unquoted words with no ref
 * are all selector, unless the command needs text after the item.
 */
export function splitTarget(tokens: Token[], command: string, textRequired: string | null): { selector: string; text?: string } {
  const [first, ...rest] = tokens;
  const text = rest.map((t) => t.value).join(" ").trim() || undefined;
  if (first && (REF.test(first.value) || LOOKS_LIKE_REF.test(first.value) || first.quoted)) {
    if (textRequired && !text) throw new GoliveError("usage", `${textRequired} is missing.`, `Usage: ${command} <ref> <${textRequired.toLowerCase()}>`);
    return { selector: first.value, text: text === undefined ? undefined : parseText(textRequired ?? "The note", text) };
  }
  if (textRequired) {
    throw new GoliveError("usage", "Name the item by its ref, or put its words in quotes.", `For example: ${command} 4.2 <${textRequired.toLowerCase()}>  or  ${command} "debug false" <${textRequired.toLowerCase()}>`);
  }
  return { selector: tokens.map((t) => t.value).join(" ") };
}

export async function resolveItem(ctx: LaunchContext, selector: string): Promise<Item> {
  // The launch rows as status reads them (cached while the launch's versions hold); the change itself locks the row.
  return findItem((await launchRows(ctx.services.db, ctx.launch.id, ctx.versions)).items, selector);
}

/** Applies a change to one item and answers with the item as it is now. */
export async function applyChange(ctx: LaunchContext, item: Item, change: ItemChange): Promise<Reply> {
  const now = ctx.services.clock.now();
  const outcome = await changeItem(ctx.services.db, ctx.launch.id, item.key, change, ctx.actor, now);
  const today = dateIn(ctx.launch.timezone, now);
  return reply.ok(outcome.message, [
    { kind: "text", text: outcome.message },
    { kind: "items", items: [replyItem(outcome.item, ctx.launch, today)] },
  ]);
}

/** Throws if the text is not usable as a reason/note (parsed through zod for one message style). */
export function parseText(label: string, text: string | undefined): string {
  const parsed = arg.text(label).safeParse(text ?? "");
  if (!parsed.success) throw new GoliveError("usage", `${label}: ${parsed.error.issues[0]!.message}.`);
  return parsed.data;
}
