import { dateIn } from "../src/domain/launches/calendar.js";
import { computeReadiness, rollUp } from "../src/domain/launches/readiness.js";
import type { Item, Section } from "../src/domain/launches/types.js";
import { GoliveError } from "../src/errors.js";
import { itemsRepo } from "../src/storage/items-repo.js";
import { launchesRepo } from "../src/storage/launches-repo.js";
import { ownerNames } from "../src/storage/people-repo.js";
import type { LaunchContext } from "./types.js";

/** Everything the read commands need about the current launch, at the launch's today. */
export async function loadLaunch(ctx: LaunchContext) {
  const { db, clock } = ctx.services;
  const [sections, stored] = await Promise.all([launchesRepo.sections(db, ctx.launch.id), itemsRepo.list(db, ctx.launch.id)]);
  const items = rollUp(stored);
  const today = dateIn(ctx.launch.timezone, clock.now());
  const names = await ownerNames(db, items);
  return { sections, items, today, names, readiness: computeReadiness(ctx.launch, sections, items, today) };
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
