import { phaseOn } from "./calendar.js";
import type { Item, Launch, LaunchPhase, Section } from "./types.js";

export interface SectionReadiness {
  ref: string;
  title: string;
  parentRef: string | null;
  done: number;
  /** Items that count: all but the skipped (waived) ones. */
  total: number;
  skipped: number;
  criticalOpen: number;
  blocked: number;
  overdue: number;
}

export interface Readiness {
  phase: LaunchPhase;
  today: string;
  total: number;
  done: number;
  verified: number;
  attested: number;
  skipped: number;
  open: number;
  criticalOpen: Item[];
  blocked: Item[];
  overdue: Item[];
  sections: SectionReadiness[];
  verdict: "go" | "no-go";
  reasons: string[];
}

export const isOverdue = (item: Item, today: string) =>
  (item.state === "open" || item.state === "blocked") && item.due !== null && item.due < today;

/**
 * Parents roll up from their children. A parent item that is open (not checked, blocked or
 * skipped by someone) and has sub-items takes its state from them:
 *  - done when every sub-item is done or skipped and at least one is done (verified when every
 *    done one is verified, else attested);
 *  - skipped when every sub-item is skipped (nothing of it applies);
 *  - else open.
 * Deeper levels roll up first. A parent someone blocked or skipped keeps that state. Pure: the
 * stored rows are not changed, so unchecking a child re-opens its parent at once.
 * `status`, `list`, go / no-go, the gate and the posts all read items through this.
 */
export function rollUp(items: Item[]): Item[] {
  const children = new Map<string, Item[]>();
  for (const item of items) {
    if (!item.parentKey) continue;
    const list = children.get(item.parentKey) ?? [];
    list.push(item);
    children.set(item.parentKey, list);
  }
  if (children.size === 0) return items;
  const done = new Map<string, Item>();
  const resolve = (item: Item, depth = 0): Item => {
    const known = done.get(item.key);
    if (known) return known;
    const kids = children.get(item.key);
    let result = item;
    if (kids && item.state === "open" && depth < 20) {
      const states = kids.map((k) => resolve(k, depth + 1));
      const finished = states.filter((k) => k.state === "done");
      const skipped = states.filter((k) => k.state === "skipped");
      if (finished.length + skipped.length === states.length) {
        result =
          finished.length > 0
            ? { ...item, state: "done", doneKind: finished.every((k) => k.doneKind === "verified") ? "verified" : "attested", reason: null }
            : { ...item, state: "skipped", doneKind: null, reason: "every sub-item is skipped", waiverUntil: null };
      }
    }
    done.set(item.key, result);
    return result;
  };
  return items.map((item) => resolve(item));
}

/** How deep each item sits under its parents (0 for a top-level item), for showing the nesting. */
export function depths(items: Item[]): Map<string, number> {
  const parent = new Map(items.map((i) => [i.key, i.parentKey]));
  const out = new Map<string, number>();
  for (const item of items) {
    let depth = 0;
    for (let p = item.parentKey; p && parent.has(p) && depth < 20; p = parent.get(p) ?? null) depth++;
    out.set(item.key, depth);
  }
  return out;
}

/** Readiness of a launch from its items at `today` (YYYY-MM-DD in the launch timezone). */
export function computeReadiness(launch: Launch, sections: Section[], items: Item[], today: string): Readiness {
  const bySection = new Map<string, SectionReadiness>(
    sections.map((s) => [
      s.ref,
      { ref: s.ref, title: s.title, parentRef: s.parentRef, done: 0, total: 0, skipped: 0, criticalOpen: 0, blocked: 0, overdue: 0 },
    ]),
  );
  const r: Readiness = {
    phase: phaseOn(launch.launchDate, today),
    today,
    total: 0,
    done: 0,
    verified: 0,
    attested: 0,
    skipped: 0,
    open: 0,
    criticalOpen: [],
    blocked: [],
    overdue: [],
    sections: [],
    verdict: "go",
    reasons: [],
  };
  for (const item of items) {
    const s = bySection.get(item.sectionRef);
    if (item.state === "skipped") {
      r.skipped++;
      if (s) s.skipped++;
      continue;
    }
    r.total++;
    if (s) s.total++;
    if (item.state === "done") {
      r.done++;
      if (s) s.done++;
      if (item.doneKind === "verified") r.verified++;
      else r.attested++;
      continue;
    }
    r.open++;
    if (item.critical) {
      r.criticalOpen.push(item);
      if (s) s.criticalOpen++;
    }
    if (item.state === "blocked") {
      r.blocked.push(item);
      if (s) s.blocked++;
    }
    if (isOverdue(item, today)) {
      r.overdue.push(item);
      if (s) s.overdue++;
    }
  }
  r.sections = [...bySection.values()].filter((s) => s.total + s.skipped > 0);
  if (r.criticalOpen.length > 0) r.reasons.push(`${r.criticalOpen.length} critical item(s) not done`);
  if (r.blocked.length > 0) r.reasons.push(`${r.blocked.length} item(s) blocked`);
  r.verdict = r.reasons.length === 0 ? "go" : "no-go";
  return r;
}

/** What needs attention, each item once: blocked first, then critical not done, then overdue. */
export function needsAttention(r: Pick<Readiness, "blocked" | "criticalOpen" | "overdue">): Item[] {
  const seen = new Set<string>();
  return [...r.blocked, ...r.criticalOpen, ...r.overdue].filter((i) => !seen.has(i.key) && Boolean(seen.add(i.key)));
}

/** The `list --attention` test: the items {@link needsAttention} lists. */
export const needsAttentionNow = (item: Item, today: string) =>
  item.state === "blocked" || (item.critical && item.state === "open") || isOverdue(item, today);

export const percent = (done: number, total: number) => (total === 0 ? 100 : Math.floor((done * 100) / total));
