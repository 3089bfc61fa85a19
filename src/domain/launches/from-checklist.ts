import type { ChecklistItem, ChecklistSection, ParsedChecklist, Phase } from "../checklist/types.js";
import { resolveDue } from "./calendar.js";
import type { Item, Section } from "./types.js";

/** Default due dates by phase, relative to the launch date. */
const PHASE_DUE: Record<Phase, string> = { "pre-launch": "T-1d", "launch-day": "T", "post-launch": "T+7d" };

/** Flattens a parsed checklist into the sections and (open) items a launch holds. */
export function launchShape(checklist: ParsedChecklist, launchDate: string, at: Date): { sections: Section[]; items: Item[] } {
  const sections: Section[] = [];
  const items: Item[] = [];
  const addItem = (ci: ChecklistItem, sectionRef: string, parentKey: string | null) => {
    const due = ci.due ?? (ci.phase ? PHASE_DUE[ci.phase] : null);
    items.push({
      key: ci.key,
      ref: ci.ref,
      sectionRef,
      parentKey,
      position: items.length,
      text: ci.text,
      critical: ci.critical,
      phase: ci.phase,
      audit: ci.audit,
      evidence: ci.evidence,
      state: ci.checked ? "done" : "open",
      doneKind: ci.checked ? "attested" : null,
      reason: null,
      waiverUntil: null,
      owner: ci.owner,
      due: due ? resolveDue(due, launchDate) : null,
      archivedAt: null,
      updatedAt: at,
    });
    for (const child of ci.items) addItem(child, sectionRef, ci.key);
  };
  const addSection = (cs: ChecklistSection, parentRef: string | null) => {
    sections.push({ ref: cs.ref, title: cs.title, parentRef, position: sections.length, phase: cs.phase });
    for (const ci of cs.items) addItem(ci, cs.ref, null);
    for (const sub of cs.sections) addSection(sub, cs.ref);
  };
  for (const s of checklist.sections) addSection(s, null);
  return { sections, items };
}
