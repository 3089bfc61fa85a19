import type { Target } from "../domain/announcements/launch-state.js";
import type { Reply } from "../render/reply.js";
import type { Queryable } from "../storage/database.js";
import { outboxRepo } from "../storage/outbox-repo.js";
import type { JobResult } from "./job.js";

/** Queues `payload` as a post in each target conversation and says so in the run's summary. */
export async function postToTargets(tx: Queryable, launchId: number, targets: Target[], payload: Reply, at: Date): Promise<JobResult> {
  for (const t of targets) await outboxRepo.enqueue(tx, { launchId, ...t, kind: "post", payload, at });
  return { summary: `posted to ${targets.length} conversation(s): ${payload.summary}` };
}
