// What one person has to do across launches: the launches they hold a role on or own
// items in, their open assigned items, and what is overdue there. Feeds the App Home.
import type { Queryable } from "../../storage/database.js";
import { itemsRepo } from "../../storage/items-repo.js";
import { launchesRepo } from "../../storage/launches-repo.js";
import { rolesRepo } from "../../storage/roles-repo.js";
import { dateIn } from "./calendar.js";
import { computeReadiness, type Readiness, rollUp } from "./readiness.js";
import type { Item, Launch, Role } from "./types.js";

export interface LaunchWork {
  launch: Launch;
  /** The granted role, or null when the person only owns items there. */
  role: Role | null;
  readiness: Readiness;
  /** Open or blocked items assigned to the person. */
  assigned: Item[];
  /** Overdue items of the launch (all of them when the person holds a role, else their own). */
  overdue: Item[];
}

export async function myWork(db: Queryable, principal: string, now: Date): Promise<LaunchWork[]> {
  const work: LaunchWork[] = [];
  for (const launch of await launchesRepo.list(db)) {
    const role = await rolesRepo.get(db, launch.id, principal);
    const items = rollUp(await itemsRepo.list(db, launch.id));
    const assigned = items.filter((i) => i.owner === principal && (i.state === "open" || i.state === "blocked"));
    if (role === null && assigned.length === 0) continue;
    const readiness = computeReadiness(launch, await launchesRepo.sections(db, launch.id), items, dateIn(launch.timezone, now));
    const overdue = role === null ? readiness.overdue.filter((i) => i.owner === principal) : readiness.overdue;
    work.push({ launch, role, readiness, assigned, overdue });
  }
  return work;
}
