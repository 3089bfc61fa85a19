import { announceWaiverEnded } from "../announcements/announce.js";
import type { Database } from "../../storage/database.js";
import { itemsRepo } from "../../storage/items-repo.js";
import { changeItem } from "./item-changes.js";
import type { Item, Launch } from "./types.js";

export const GOLIVE_ACTOR = { id: "golive", surface: "job" } as const;

/** Re-opens skipped items whose waiver ended before `today` and tells their owners; returns the re-opened items. */
export async function expireWaivers(db: Database, launch: Launch, today: string, at: Date): Promise<Item[]> {
  const expired = (await itemsRepo.list(db, launch.id)).filter((i) => i.state === "skipped" && i.waiverUntil !== null && i.waiverUntil < today);
  const reopened: Item[] = [];
  for (const item of expired) {
    const outcome = await changeItem(db, launch.id, item.key, { kind: "reopen", reason: `waiver ended ${item.waiverUntil}` }, GOLIVE_ACTOR, at, (tx, reopened) =>
      announceWaiverEnded(tx, launch, reopened, at),
    );
    if (outcome.changed) reopened.push(outcome.item);
  }
  return reopened;
}
