import { dateIn } from "../launches/calendar.js";
import { computeReadiness, rollUp } from "../launches/readiness.js";
import type { Launch } from "../launches/types.js";
import type { Queryable } from "../../storage/database.js";
import { conversationsRepo } from "../../storage/conversations-repo.js";
import { itemsRepo } from "../../storage/items-repo.js";
import { launchesRepo } from "../../storage/launches-repo.js";
import { ownerNames } from "../../storage/people-repo.js";
import type { OutboxSurface } from "../../storage/outbox-repo.js";

/** Items and readiness of a launch at `now` (the launch's local date). */
export async function launchState(db: Queryable, launch: Launch, now: Date) {
  const [sections, stored] = [await launchesRepo.sections(db, launch.id), await itemsRepo.list(db, launch.id)];
  const items = rollUp(stored);
  const today = dateIn(launch.timezone, now);
  return { today, sections, items, names: await ownerNames(db, items), readiness: computeReadiness(launch, sections, items, today) };
}

export interface Target {
  surface: Exclude<OutboxSurface, "pagerduty">;
  conversation: string;
}

/**
 * Where golive posts for a launch: its bound conversations. Announcements of changes skip
 * the shell (the person typing already sees the answer); scheduled posts include it.
 */
export async function postTargets(db: Queryable, launchId: number, opts: { includeShell: boolean }): Promise<Target[]> {
  const bindings = await conversationsRepo.bindingsOf(db, launchId);
  return bindings.filter(
    (b): b is Target => b.surface === "slack" || b.surface === "teams" || (opts.includeShell && b.surface === "shell"),
  );
}

// An owner written in a checklist (`@ops`) is a name, not an account: a direct message to
// it could never be delivered, so only owners that are user ids on a surface get one there.
const USER_ID: Record<OutboxSurface, RegExp> = {
  slack: /^[UW][A-Z0-9]{2,}$/,
  teams: /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|29:.+)$/i,
  shell: /^.+$/,
  pagerduty: /$^/,
};

/** The surfaces on which to direct-message an owner: those the launch is bound on where the owner is a user id. */
export async function dmSurfaces(db: Queryable, launchId: number, owner: string): Promise<OutboxSurface[]> {
  const targets = await postTargets(db, launchId, { includeShell: true });
  return [...new Set(targets.map((t) => t.surface))].filter((surface) => USER_ID[surface].test(owner));
}

/** An owner as stored (`@ops` from a checklist annotation, `alice` from a mention) → the user id. */
export const ownerId = (owner: string) => owner.replace(/^@/, "");
