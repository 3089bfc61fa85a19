import { GoliveError } from "../../errors.js";
import type { Database, Queryable } from "../../storage/database.js";
import { eventsRepo } from "../../storage/events-repo.js";
import { rolesRepo } from "../../storage/roles-repo.js";
import type { Actor, Launch, Role } from "./types.js";

const RANK: Record<Role, number> = { viewer: 0, member: 1, "release-manager": 2 };

/** Without a grant everyone may read a launch; members and release managers are granted. */
export const DEFAULT_ROLE: Role = "viewer";

export async function roleOf(db: Queryable, launch: Launch, principal: string): Promise<Role> {
  return (await rolesRepo.get(db, launch.id, principal)) ?? DEFAULT_ROLE;
}

export const satisfies = (has: Role, needs: Role) => RANK[has] >= RANK[needs];

export function requireRole(has: Role, needs: Role, what: string, launch: Launch) {
  if (satisfies(has, needs)) return;
  throw new GoliveError(
    "forbidden",
    `\`${what}\` needs the ${needs} role on ${launch.name}; you are a ${has}.`,
    `Ask a release manager of ${launch.name} to run: role grant @you ${needs}`,
  );
}

export async function grantRole(db: Database, launch: Launch, principal: string, role: Role, actor: Actor, at: Date) {
  return db.transaction(async (tx) => {
    const before = await rolesRepo.get(tx, launch.id, principal);
    if (before === role) return false;
    if (before === "release-manager" && role !== "release-manager") {
      const managers = (await rolesRepo.list(tx, launch.id)).filter((g) => g.role === "release-manager");
      if (managers.length === 1) {
        throw new GoliveError("conflict", `${principal} is the last release manager of ${launch.name}.`, "Grant release-manager to someone else first.");
      }
    }
    await rolesRepo.set(tx, launch.id, { principal, role, grantedBy: actor.id, grantedAt: at });
    await eventsRepo.append(tx, {
      launchId: launch.id,
      itemKey: null,
      kind: "role.granted",
      actor: actor.id,
      surface: actor.surface,
      at,
      before: { principal, role: before },
      after: { principal, role },
      note: null,
    });
    return true;
  });
}
