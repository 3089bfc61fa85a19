import { dateIn } from "../src/domain/launches/calendar.js";
import { computeReadiness, type Readiness, rollUp } from "../src/domain/launches/readiness.js";
import type { Item, Section } from "../src/domain/launches/types.js";
import { GoliveError } from "../src/errors.js";
import { type LaunchRows, launchRows } from "../src/storage/launch-rows.js";
import type { LaunchContext } from "./types.js";

/** What is derived from one read of the launch's rows: the same while the rows stay cached (storage/launch-rows.ts). */
const derived = new WeakMap<LaunchRows, { items: Item[]; readiness: Map<string, Readiness> }>();

/** Everything the read commands need about the current launch, at the launch's today. */
export async function loadLaunch(ctx: LaunchContext) {
  const { db, clock } = ctx.services;
  const rows = await launchRows(db, ctx.launch.id, ctx.versions);
  const { sections } = rows;
  let known = derived.get(rows);
  if (!known) {
    known = { items: Object.freeze(rollUp(rows.items)) as Item[], readiness: new Map() };
    derived.set(rows, known);
  }
  const { items } = known;
  const today = dateIn(ctx.launch.timezone, clock.now());
  // Readiness depends on the rows, the launch date and today only.
  const key = `${ctx.launch.launchDate} ${today}`;
  let readiness = known.readiness.get(key);
  if (!readiness) {
    readiness = computeReadiness(ctx.launch, sections, items, today);
    if (known.readiness.size >= 4) known.readiness.clear();
    known.readiness.set(key, readiness);
  }
  return { sections, items, today, names: rows.names, decision: rows.decision, readiness };
}

/** The items of a section and of the sections under it. */
export function inSection(sections: Section[], items: Item[], ref: string): { section: Section; items: Item[] } {
  const section = sections.find((s) => s.ref === ref);
  if (!section) {
    throw new GoliveError("not_found", `There is no section ${ref}.`, `Sections: ${sections.map((s) => s.ref).join(", ")}`);
  }
  const refs = new Set([ref]);
  for (const s of sections) if (s.parentRef && refs.has(s.parentRef)) refs.add(s.ref);
  return { section, items: items.filter((i) => refs.has(i.sectionRef)) };
}
