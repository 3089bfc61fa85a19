import type { ChecklistItem, ChecklistSection, ParsedChecklist } from "../../../src/domain/checklist/types.js";

export function allItems(checklist: ParsedChecklist): ChecklistItem[] {
  const out: ChecklistItem[] = [];
  const visitItems = (items: ChecklistItem[]) => {
    for (const item of items) {
      out.push(item);
      visitItems(item.items);
    }
  };
  const visitSections = (sections: ChecklistSection[]) => {
    for (const section of sections) {
      visitItems(section.items);
      visitSections(section.sections);
    }
  };
  visitSections(checklist.sections);
  return out;
}

export function allSections(checklist: ParsedChecklist): ChecklistSection[] {
  const out: ChecklistSection[] = [];
  const visit = (sections: ChecklistSection[]) => {
    for (const section of sections) {
      out.push(section);
      visit(section.sections);
    }
  };
  visit(checklist.sections);
  return out;
}

export const topLevelItemCount = (checklist: ParsedChecklist) =>
  allSections(checklist).reduce((n, s) => n + s.items.length, 0);

export const itemByRef = (checklist: ParsedChecklist, ref: string) => allItems(checklist).find((i) => i.ref === ref);
