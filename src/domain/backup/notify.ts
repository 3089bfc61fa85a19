// Where backup and drill messages go, and the owners of the backup items.
import { bindingsFor, boundIds } from "../audit/bindings.js";
import { postTargets, type Target } from "../announcements/launch-state.js";
import type { Queryable } from "../../storage/database.js";
import { itemsRepo } from "../../storage/items-repo.js";
import { outboxRepo } from "../../storage/outbox-repo.js";
import type { Reply } from "../../render/reply.js";
import type { Item } from "../launches/types.js";
import { BACKUP_CHECK_IDS } from "./check-ids.js";

/** The launch's channels, and the conversation that asked (`backup now` in a channel that is not bound). */
export async function progressTargets(tx: Queryable, launchId: number, requester?: Target): Promise<Target[]> {
  const targets = await postTargets(tx, launchId, { includeShell: true });
  if (requester && !targets.some((t) => t.surface === requester.surface && t.conversation === requester.conversation)) targets.push(requester);
  return targets;
}

/** Posts the first state of a message golive keeps updating (`first`), or its newer state. */
export async function postInPlace(tx: Queryable, launchId: number, targets: Target[], updateKey: string, payload: Reply, at: Date, first = false) {
  for (const t of targets) await outboxRepo.enqueue(tx, { launchId, ...t, kind: first ? "post" : "update", updateKey, payload, at });
}

/** Items bound to a backup.* check, by owner. */
export async function backupItemsByOwner(tx: Queryable, launchId: number): Promise<Map<string, Item[]>> {
  const items = await itemsRepo.list(tx, launchId);
  const byOwner = new Map<string, Item[]>();
  for (const binding of bindingsFor(items)) {
    const { item } = binding;
    if (!item.owner || !boundIds(binding).some((id) => BACKUP_CHECK_IDS.includes(id))) continue;
    byOwner.set(item.owner, [...(byOwner.get(item.owner) ?? []), item]);
  }
  return byOwner;
}
