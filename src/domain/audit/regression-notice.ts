// The direct message an item's owner gets when an audit re-opens their verified
// item. Written to the outbox in the transaction of the re-open.
import { dmOwner } from "../announcements/announce.js";
import type { Reply } from "../../render/reply.js";
import type { Queryable } from "../../storage/database.js";
import type { Item, Launch } from "../launches/types.js";
import type { KnownResult } from "./audit-run.js";

/** A direct message about an audit run: the summary, optional detail lines, and the run's details button. */
export function auditRunDm(launch: Launch, runId: number, summary: string, details: string[] = []): Reply {
  return {
    ok: true,
    visibility: "public",
    summary,
    blocks: [
      { kind: "text", text: summary },
      ...(details.length > 0 ? [{ kind: "text" as const, text: details.join("\n") }] : []),
      { kind: "actions", actions: [{ label: "Run details", command: `audit show ${runId} --launch ${launch.name}` }] },
    ],
  };
}

function regressionDm(launch: Launch, item: Item, runId: number, failing: KnownResult[]): Reply {
  const summary = `Regression on ${launch.name}: ${item.ref} ${item.text} was verified, and audit run ${runId} found it failing; it is open again.`;
  return auditRunDm(launch, runId, summary, failing.map((result) => `• ${result.id} ${result.status}: ${result.summary}`));
}

/** DMs the owner; an item without owner has its channel announcement only. */
export async function notifyOwnerOfRegression(tx: Queryable, launch: Launch, item: Item, runId: number, failing: KnownResult[], at: Date) {
  if (item.owner) await dmOwner(tx, launch, item.owner, regressionDm(launch, item, runId, failing), at);
}
