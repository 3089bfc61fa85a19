// `checklist lint`: is a Markdown file usable as a checklist, and what the
// parser made of it (the JSON shape `checklist lint --json` prints).
import { bindingWarnings } from "../audit/binding-scope.js";
import { parseChecklist } from "./parse.js";
import type { ChecklistItem, ChecklistSection, LintWarning, ParsedChecklist } from "./types.js";

export interface LintResult {
  ok: boolean;
  /** Why the file cannot be used, when `ok` is false. */
  reason?: string;
  checklist: ParsedChecklist;
}

/** Generous for any hand-written checklist, small enough that parsing an upload stays quick. */
export const MAX_CHECKLIST_CHARS = 512 * 1024;

export function lintChecklist(source: string): LintResult {
  if (source.length > MAX_CHECKLIST_CHARS) {
    return {
      ok: false,
      reason: `checklist is too large (${Math.ceil(source.length / 1024)} KB): keep it under ${MAX_CHECKLIST_CHARS / 1024} KB`,
      checklist: { title: "Untitled checklist", itemCount: 0, warnings: [], sections: [] },
    };
  }
  const parsed = parseChecklist(source);
  const checklist = { ...parsed, warnings: [...parsed.warnings, ...bindingLintWarnings(parsed)].sort((a, b) => a.line - b.line) };
  if (checklist.itemCount === 0) {
    return { ok: false, reason: "no task-list items found: write items as `- [ ] text`", checklist };
  }
  return { ok: true, checklist };
}

function everyItem(sections: readonly ChecklistSection[]): ChecklistItem[] {
  const walk = (items: readonly ChecklistItem[]): ChecklistItem[] => items.flatMap((item) => [item, ...walk(item.items)]);
  return sections.flatMap((section) => [...walk(section.items), ...everyItem(section.sections)]);
}

/** Audit bindings that promise more than their checks show, and ids no check answers to. */
function bindingLintWarnings(checklist: ParsedChecklist): LintWarning[] {
  return everyItem(checklist.sections).flatMap((item) => bindingWarnings(item).map((message) => ({ line: item.line, message })));
}

export interface ChecklistItemJson {
  ref: string;
  key: string;
  text: string;
  checked: boolean;
  critical: boolean;
  phase: string | null;
  line: number;
  owner: string | null;
  due: string | null;
  audit: string[];
  evidence: string[];
  items: ChecklistItemJson[];
}

export interface ChecklistSectionJson {
  ref: string;
  title: string;
  depth: number;
  line: number;
  phase: string | null;
  items: ChecklistItemJson[];
  sections: ChecklistSectionJson[];
}

export interface ChecklistJson {
  title: string;
  itemCount: number;
  warnings: LintWarning[];
  sections: ChecklistSectionJson[];
}

const itemJson = (item: ChecklistItem): ChecklistItemJson => ({
  ref: item.ref,
  key: item.key,
  text: item.text,
  checked: item.checked,
  critical: item.critical,
  phase: item.phase,
  line: item.line,
  owner: item.owner,
  due: item.due,
  audit: item.audit,
  evidence: item.evidence,
  items: item.items.map(itemJson),
});

const sectionJson = (section: ChecklistSection): ChecklistSectionJson => ({
  ref: section.ref,
  title: section.title,
  depth: section.depth,
  line: section.line,
  phase: section.phase,
  items: section.items.map(itemJson),
  sections: section.sections.map(sectionJson),
});

/** A plain copy with a fixed field order, ready for JSON.stringify. */
export function checklistJson(checklist: ParsedChecklist): ChecklistJson {
  return {
    title: checklist.title,
    itemCount: checklist.itemCount,
    warnings: checklist.warnings.map((w) => ({ line: w.line, message: w.message })),
    sections: checklist.sections.map(sectionJson),
  };
}
