// The direct message an item's owner gets when an audit re-opens their verified
// item. Written to the outbox in the transaction of the re-open.
import { dmOwner } from "../announcements/announce.js";
import type { Reply } from "../../render/reply.js";
import type { Queryable } from "../../storage/database.js";
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

/** DMs the owner; an item without owner has its channel announcement only. */
export async function notifyOwnerOfRegression(tx: Queryable, launch: Launch, item: Item, runId: number, failing: KnownResult[], at: Date) {
  if (item.owner) await dmOwner(tx, launch, item.owner, regressionDm(launch, item, runId, failing), at);
}
