// Applies the retention policy after a backup: deletes the artifacts the plan removes
// (files and manifests at every destination), marks them pruned, and records that
// retention ran (what `backup.retention` checks).
import { backupsRepo } from "../../storage/backups-repo.js";
import type { Database, Queryable } from "../../storage/database.js";
import { eventsRepo } from "../../storage/events-repo.js";
import type { Actor, Launch } from "../launches/types.js";
import { deleteArtifact } from "./destinations.js";
import { type BackupPolicy, describeKeep } from "./policy.js";
import { planRetention, type RetentionPlan } from "./retention.js";

export async function retentionPlan(db: Queryable, launch: Launch, policy: BackupPolicy): Promise<RetentionPlan> {
  const good = await backupsRepo.list(db, launch.id, { status: "good" });
  const passed = (await backupsRepo.drills(db, launch.id, 50)).find((d) => d.status === "passed");
  return planRetention(
    good.map((b) => ({ id: b.id, finishedAt: b.finishedAt! })),
    policy.keep,
    launch.timezone,
    passed ? [passed.backupId] : [],
  );
}

export interface PruneOutcome {
  plan: RetentionPlan;
  pruned: number[];
  /** Artifacts that could not be deleted (they stay `good` and are tried again next time). */
  errors: string[];
}

export async function applyRetention(db: Database, launch: Launch, policy: BackupPolicy, actor: Actor, at: Date): Promise<PruneOutcome> {
  const plan = await retentionPlan(db, launch, policy);
  const pruned: number[] = [];
  const errors: string[] = [];
  for (const id of plan.remove) {
    const backup = (await backupsRepo.byId(db, launch.id, id))!;
    try {
      for (const location of backup.locations) await deleteArtifact(location, { endpoint: policy.s3Endpoint });
    } catch (error) {
      errors.push(`backup ${id}: ${(error as Error).message}`);
      continue;
    }
    await db.transaction(async (tx) => {
      await backupsRepo.markPruned(tx, id);
      await eventsRepo.append(tx, { launchId: launch.id, itemKey: null, kind: "backup.pruned", actor: actor.id, surface: actor.surface, at, before: { status: "good" }, after: { backup: id, status: "pruned", artifact: backup.name }, note: null });
    });
    pruned.push(id);
  }
  await eventsRepo.append(db, {
    launchId: launch.id,
    itemKey: null,
    kind: "backup.retention_applied",
    actor: actor.id,
    surface: actor.surface,
    at,
    before: null,
    after: { keep: describeKeep(policy.keep), kept: plan.keep.map((k) => k.id), pruned, errors },
    note: null,
  });
  return { plan, pruned, errors };
}
