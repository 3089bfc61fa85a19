// The checklists shipped in the repository's checklists/ folder.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { GoliveError } from "../../errors.js";
import { parseChecklist } from "./parse.js";

export interface ShippedChecklist {
  id: string;
  title: string;
  path: string;
}

export const CHECKLIST_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

/** Walks up from this file to the folder holding package.json and checklists/, so src/ and a build both work from any cwd. */
function findChecklistsFolder(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, "checklists");
    if (existsSync(join(dir, "package.json")) && existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new GoliveError("config", "the shipped checklists/ folder was not found next to package.json");
    dir = parent;
  }
}

let checklistsFolder: string | undefined;
const folder = () => {
  checklistsFolder ??= findChecklistsFolder();
  return checklistsFolder;
};

const shippedIds = () =>
  readdirSync(folder())
    .filter((name) => name.endsWith(".md"))
    .map((name) => name.slice(0, -".md".length))
    .filter((id) => CHECKLIST_ID_PATTERN.test(id))
    .sort();

// Parsing is the slow part of listing; a file's title only changes with the file.
const titleCache = new Map<string, { mtimeMs: number; title: string }>();

function titleOf(path: string): string {
  const { mtimeMs } = statSync(path);
  const cached = titleCache.get(path);
  if (cached?.mtimeMs === mtimeMs) return cached.title;
  const title = parseChecklist(readFileSync(path, "utf8")).title;
  titleCache.set(path, { mtimeMs, title });
  return title;
}

export function listShippedChecklists(): ShippedChecklist[] {
  return shippedIds().map((id) => {
    const path = join(folder(), `${id}.md`);
    return { id, title: titleOf(path), path };
  });
}

export function loadShippedChecklist(id: string): { id: string; source: string } {
  if (!CHECKLIST_ID_PATTERN.test(id)) {
    throw new GoliveError(
      "invalid",
      `'${id}' is not a checklist id`,
      "ids are lowercase letters, digits and dashes, like django-production",
    );
  }
  const ids = shippedIds();
  if (!ids.includes(id)) {
    throw new GoliveError("not_found", `no shipped checklist '${id}'`, `choose one of: ${ids.join(", ")}`);
  }
  return { id, source: readFileSync(join(folder(), `${id}.md`), "utf8") };
}
