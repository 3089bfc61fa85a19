// The direct message an item's owner gets when an audit re-opens their verified
// item. Written to the outbox in the transaction of the re-open.
import { dmSurfaces, ownerId } from "../announcements/launch-state.js";
import type { Reply } from "../../render/reply.js";
import type { Queryable } from "../../storage/database.js";
import { outboxRepo } from "../../storage/outbox-repo.js";
import type { Item, Launch } from "../launches/types.js";
import type { KnownResult } from "./audit-run.js";

function regressionDm(launch: Launch, item: Item, runId: number, failing: KnownResult[]): Reply {
  const summary = `Regression on ${launch.name}: ${item.ref} ${item.text} was verified, and audit run ${runId} found it failing; it is open again.`;
  const lines = failing.map((result) => `• ${result.id} ${result.status}: ${result.summary}`);
  return {
    ok: true,
    visibility: "public",
    summary,
    blocks: [
      { kind: "text", text: summary },
      { kind: "text", text: lines.join("\n") },
      { kind: "actions", actions: [{ label: "Run details", command: `audit show ${runId} --launch ${launch.name}` }] },
    ],
  };
}

/** DMs the owner on every surface the launch lives on; an item without owner has its channel announcement only. */
export async function notifyOwnerOfRegression(tx: Queryable, launch: Launch, item: Item, runId: number, failing: KnownResult[], at: Date) {
  if (!item.owner) return;
  const payload = regressionDm(launch, item, runId, failing);
  for (const surface of await dmSurfaces(tx, launch.id, ownerId(item.owner))) {
    await outboxRepo.enqueue(tx, { launchId: launch.id, surface, conversation: ownerId(item.owner), kind: "dm", payload, at });
  }
}
