import { readFile, stat } from "node:fs/promises";
import { GoliveError } from "../src/errors.js";
import type { CommandContext } from "./types.js";

const MAX_BYTES = 1_000_000;

/** Reads a checklist file on the machine running golive: only from the local shell, never from chat. */
export async function readChecklistFile(ctx: CommandContext, path: string): Promise<string> {
  if (ctx.actor.surface !== "shell") {
    throw new GoliveError("forbidden", "Checklist files can only be read from the local shell (`npx golive shell`).", "Run this command where golive runs.");
  }
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) throw new GoliveError("not_found", `There is no file ${path}.`, "Give the path of a Markdown file, e.g. checklists/django-osce.md");
  if (info.size > MAX_BYTES) throw new GoliveError("invalid", `${path} is ${info.size} bytes; checklists are limited to ${MAX_BYTES}.`);
  const bytes = await readFile(path);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new GoliveError("invalid", `${path} is not UTF-8 text.`, "Save it as UTF-8 Markdown.");
  }
}
