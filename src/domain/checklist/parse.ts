// Markdown checklist -> ParsedChecklist. Structure comes from the mdast of a
// real CommonMark + GFM parser, so code fences, HTML comments, tables and
// blockquotes never yield items by accident.
import type { Heading, List, ListItem, Nodes, Root, RootContent } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";
import { type Annotation, applyAnnotation, emptyAnnotation, findAnnotationBodies } from "./annotation.js";
import { collapseWhitespace, collectSegments, plainText, type TextSegment } from "./inline-text.js";
import { derivedKey, itemIdentity } from "./item-key.js";
import { type MojibakeRepair, repairMojibake } from "./mojibake.js";
import { phaseOfHeading } from "./phase.js";
import type { ChecklistItem, ChecklistSection, LintWarning, ParsedChecklist, Phase } from "./types.js";

interface SectionDraft {
  title: string;
  depth: number;
  line: number;
  phase: Phase | null;
  /** Titles from the outermost section down to this one. */
  path: string[];
  items: ItemDraft[];
  children: SectionDraft[];
}

interface ItemDraft {
  key: string;
  text: string;
  checked: boolean;
  critical: boolean;
  phase: Phase | null;
  line: number;
  annotation: Annotation;
  parentTexts: string[];
  items: ItemDraft[];
}

interface ParseState {
  warnings: LintWarning[];
  /** Identity -> line of its first item, for duplicate warnings. */
  identities: Map<string, number>;
  /** Key -> line of the item holding it. */
  keys: Map<string, number>;
}

const lineOf = (node: Nodes) => node.position?.start.line ?? 1;

const WARNING_SIGNS = /\u26a0\ufe0f?/g;
const HAS_WARNING_SIGN = /\u26a0/;
const CRITICAL_WORD = /(?<![A-Za-z0-9_-])(?<!NOT )CRITICAL(?![A-Za-z0-9_])/;

function cleanItemText(segments: TextSegment[]): string {
  const text = segments
    .map((s) => (s.code ? s.text : s.text.replace(WARNING_SIGNS, "").replace(/\(\s*CRITICAL\s*\)/g, "")))
    .join("");
  return collapseWhitespace(text).replace(/^CRITICAL\s*[:\u2013\u2014-]\s*/, "");
}

function isCriticalText(segments: TextSegment[]): boolean {
  return segments.some((s) => !s.code && (HAS_WARNING_SIGN.test(s.text) || CRITICAL_WORD.test(s.text)));
}

function containsTaskItem(node: Nodes): boolean {
  if (node.type === "listItem" && typeof node.checked === "boolean") return true;
  if (node.type === "blockquote") return false;
  return "children" in node && node.children.some((child) => containsTaskItem(child));
}

/** The first heading is the title (and no section) when it is the document's only h1 and no item precedes it. */
function findTitleHeading(root: Root): Heading | null {
  const firstHeadingIndex = root.children.findIndex((n) => n.type === "heading");
  const first = root.children[firstHeadingIndex];
  if (first?.type !== "heading" || first.depth !== 1) return null;
  const h1Count = root.children.filter((n) => n.type === "heading" && n.depth === 1).length;
  if (h1Count !== 1) return null;
  if (root.children.slice(0, firstHeadingIndex).some(containsTaskItem)) return null;
  return first;
}

function itemAnnotation(listItem: ListItem, state: ParseState): Annotation {
  const annotation = emptyAnnotation();
  const htmlValues: { value: string; line: number }[] = [];
  const visit = (node: Nodes) => {
    if (node.type === "html") htmlValues.push({ value: node.value, line: lineOf(node) });
    else if ("children" in node) for (const child of node.children) visit(child);
  };
  for (const child of listItem.children) if (child.type === "paragraph" || child.type === "html") visit(child);
  for (const { value, line } of htmlValues) {
    for (const body of findAnnotationBodies(value)) {
      for (const message of applyAnnotation(body, annotation)) state.warnings.push({ line, message });
    }
  }
  return annotation;
}

/** The item's own leading paragraphs: what follows a nested list or a code block is not its text. */
function leadingParagraphSegments(listItem: ListItem): TextSegment[] {
  const segments: TextSegment[] = [];
  for (const child of listItem.children) {
    if (child.type === "html") continue;
    if (child.type !== "paragraph") break;
    if (segments.length > 0) segments.push({ text: " ", code: false });
    collectSegments(child, segments);
  }
  return segments;
}

function assignKey(item: ItemDraft, identity: string, state: ParseState) {
  const firstLine = state.identities.get(identity);
  const isDuplicate = firstLine !== undefined;
  if (isDuplicate) state.warnings.push({ line: item.line, message: `duplicate item (same as line ${firstLine})` });
  else state.identities.set(identity, item.line);

  const wanted = item.annotation.key ?? derivedKey(identity, item.text);
  let key = wanted;
  for (let n = 2; state.keys.has(key); n++) {
    const suffix = `-${n}`;
    key = wanted.slice(0, 64 - suffix.length) + suffix;
  }
  if (key !== wanted && !isDuplicate) {
    state.warnings.push({
      line: item.line,
      message: `key '${wanted}' is already used on line ${state.keys.get(wanted)}: give this item its own key= (it gets '${key}' for now)`,
    });
  }
  state.keys.set(key, item.line);
  item.key = key;
}

function walkList(list: List, section: SectionDraft, parent: ItemDraft | null, state: ParseState) {
  for (const listItem of list.children) {
    if (typeof listItem.checked !== "boolean") {
      // A plain bullet is no item, but task items under it count at its level.
      for (const child of listItem.children) if (child.type === "list") walkList(child, section, parent, state);
      continue;
    }
    const segments = leadingParagraphSegments(listItem);
    const annotation = itemAnnotation(listItem, state);
    const line = lineOf(listItem);
    const text = cleanItemText(segments);
    if (text === "") state.warnings.push({ line, message: "item has no text: write it as `- [ ] what must be done`" });
    const item: ItemDraft = {
      key: "",
      text,
      checked: listItem.checked,
      critical: annotation.critical || isCriticalText(segments),
      phase: annotation.phase ?? parent?.phase ?? section.phase,
      line,
      annotation,
      parentTexts: parent ? [...parent.parentTexts, parent.text] : [],
      items: [],
    };
    assignKey(item, itemIdentity(section.path, item.parentTexts, text), state);
    (parent ? parent.items : section.items).push(item);
    for (const child of listItem.children) if (child.type === "list") walkList(child, section, item, state);
  }
}

function warnAboutStrayAnnotation(node: RootContent, state: ParseState) {
  if (node.type === "html" && findAnnotationBodies(node.value).length > 0) {
    state.warnings.push({
      line: lineOf(node),
      message: "golive annotation outside any item is ignored: put it on the item's own line",
    });
  }
}

function buildSections(root: Root, titleHeading: Heading | null, state: ParseState): SectionDraft[] {
  const topLevel: SectionDraft[] = [];
  const open: SectionDraft[] = [];
  let general: SectionDraft | null = null;

  const currentSection = (): SectionDraft => {
    const innermost = open[open.length - 1];
    if (innermost) return innermost;
    if (!general) {
      general = { title: "General", depth: 1, line: 1, phase: null, path: ["General"], items: [], children: [] };
      topLevel.unshift(general);
    }
    return general;
  };

  for (const node of root.children) {
    if (node === titleHeading) continue;
    if (node.type === "heading") {
      while ((open[open.length - 1]?.depth ?? 0) >= node.depth) open.pop();
      const parent = open[open.length - 1];
      const title = plainText(node);
      const section: SectionDraft = {
        title,
        depth: node.depth,
        line: lineOf(node),
        phase: phaseOfHeading(title) ?? parent?.phase ?? null,
        path: [...(parent?.path ?? []), title],
        items: [],
        children: [],
      };
      (parent ? parent.children : topLevel).push(section);
      open.push(section);
    } else if (node.type === "list") {
      walkList(node, currentSection(), null, state);
    } else {
      warnAboutStrayAnnotation(node, state);
    }
  }
  return topLevel;
}

const MAX_HEADING_NUMBER = 999;

/** "### 7. Backup" hints at ref 7, so refs match what the reader sees when the file numbers its sections. */
function headingNumber(title: string): number | null {
  const match = /^(\d{1,3})[.)]\s/.exec(title.replace(/^[^\p{L}\p{N}]+/u, ""));
  const n = match ? Number(match[1]) : Number.NaN;
  return n >= 1 && n <= MAX_HEADING_NUMBER ? n : null;
}

function toItem(draft: ItemDraft, ref: string): ChecklistItem {
  return {
    ref,
    key: draft.key,
    text: draft.text,
    checked: draft.checked,
    critical: draft.critical,
    phase: draft.phase,
    line: draft.line,
    owner: draft.annotation.owner,
    due: draft.annotation.due,
    audit: draft.annotation.audit,
    evidence: draft.annotation.evidence,
    items: draft.items.map((child, i) => toItem(child, `${ref}.${i + 1}`)),
  };
}

/**
 * Sections holding items are numbered in document order whatever their depth;
 * a heading's own number is kept when it is ahead of the count. Containers get
 * the range of their numbered descendants; sections without items vanish.
 */
function finishSections(drafts: SectionDraft[], counter: { last: number }): ChecklistSection[] {
  const sections: ChecklistSection[] = [];
  for (const draft of drafts) {
    let ownNumber: number | null = null;
    if (draft.items.length > 0) {
      const hint = headingNumber(draft.title);
      ownNumber = hint !== null && hint > counter.last ? hint : counter.last + 1;
      counter.last = ownNumber;
    }
    const children = finishSections(draft.children, counter);
    if (ownNumber === null && children.length === 0) continue;

    const firstDescendant = firstNumber(children);
    const ref =
      ownNumber !== null
        ? String(ownNumber)
        : firstDescendant === counter.last
          ? String(counter.last)
          : `${firstDescendant}-${counter.last}`;
    sections.push({
      ref,
      title: draft.title,
      depth: draft.depth,
      line: draft.line,
      phase: draft.phase,
      items: ownNumber === null ? [] : draft.items.map((item, i) => toItem(item, `${ownNumber}.${i + 1}`)),
      sections: children,
    });
  }
  return sections;
}

const firstNumber = (sections: ChecklistSection[]) => Number.parseInt(sections[0]?.ref ?? "", 10);

const countItems = (items: ChecklistItem[]): number => items.reduce((n, item) => n + 1 + countItems(item.items), 0);
const countSectionItems = (sections: ChecklistSection[]): number =>
  sections.reduce((n, s) => n + countItems(s.items) + countSectionItems(s.sections), 0);

const SHOWN_REPAIRS = 4;

/** One warning for the whole file: the fix (re-save as UTF-8) is the same for every line. */
function summarizeRepairs(repairs: MojibakeRepair[]): LintWarning | null {
  const first = repairs[0];
  if (!first) return null;
  const pairs = [...new Set(repairs.map((r) => `'${r.from}' → '${r.to}'`))];
  const lines = new Set(repairs.map((r) => r.line)).size;
  const shown = pairs.slice(0, SHOWN_REPAIRS).join(", ") + (pairs.length > SHOWN_REPAIRS ? ` and ${pairs.length - SHOWN_REPAIRS} more` : "");
  const where = lines === 1 ? "" : ` on ${lines} lines from line ${first.line}`;
  return {
    line: first.line,
    message: `repaired mojibake (UTF-8 text that was decoded as Mac Roman)${where}: ${shown}; save the file as UTF-8 to fix it for good`,
  };
}

export function parseChecklist(source: string): ParsedChecklist {
  const withoutBom = source.startsWith("\ufeff") ? source.slice(1) : source;
  const { text, repairs } = repairMojibake(withoutBom);
  const state: ParseState = { warnings: [], identities: new Map(), keys: new Map() };

  const mojibakeWarning = summarizeRepairs(repairs);
  if (mojibakeWarning) state.warnings.push(mojibakeWarning);

  const root = fromMarkdown(text, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
  const titleHeading = findTitleHeading(root);
  const drafts = buildSections(root, titleHeading, state);
  const sections = finishSections(drafts, { last: 0 });

  const firstHeading = root.children.find((n): n is Heading => n.type === "heading");
  const title = (titleHeading ?? firstHeading) ? plainText(titleHeading ?? firstHeading!) : "";

  return {
    title: title || "Untitled checklist",
    itemCount: countSectionItems(sections),
    warnings: state.warnings.sort((a, b) => a.line - b.line),
    sections,
  };
}
