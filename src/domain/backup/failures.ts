// THE place a failed backup or drill is recorded: the row becomes `failed` with the
// reason, an event is written, the progress message turns into the failure, and the
// owners of the backup items are told (all in one transaction, through the outbox); then
// the backup checks are recorded, which re-opens verified items. With someone on call, the
// failure also raises (or counts on) the launch's backup or drill incident, in the same
// transaction.
import type { Database } from "../../storage/database.js";
import { backupsRepo } from "../../storage/backups-repo.js";
import { eventsRepo } from "../../storage/events-repo.js";
import { dmOwner } from "../announcements/announce.js";
import { raiseBackupFailure } from "../incidents/backup-failures.js";
import type { Target } from "../announcements/launch-state.js";
import type { Actor, Launch } from "../launches/types.js";
import { recordBackupChecks } from "./checks.js";
import { backupFailed, backupUpdateKey, drillFinished, drillUpdateKey, ownerNotice } from "./messages.js";
import { backupItemsByOwner, postInPlace, progressTargets } from "./notify.js";
import type { BackupPolicy } from "./policy.js";
import type { DrillTable } from "./types.js";

export type Failure =
  | { kind: "backup"; backupId: number; reason: string }
  | { kind: "drill"; drillId: number; reason: string; tables?: DrillTable[]; rtoMs?: number | null; rpoMs?: number | null };

export interface FailureContext {
  actor: Actor;
  at: Date;
  requester?: Target;
  policy: BackupPolicy;
}

/** Records the failure once (a second report of the same run changes nothing) and tells people. */
export async function reportFailure(db: Database, launch: Launch, failure: Failure, ctx: FailureContext): Promise<void> {
  const recorded = await db.transaction(async (tx) => {
    const targets = await progressTargets(tx, launch.id, ctx.requester);
    if (failure.kind === "backup") {
      if (!(await backupsRepo.markFailed(tx, failure.backupId, failure.reason, ctx.at))) return false;
      const backup = (await backupsRepo.byId(tx, launch.id, failure.backupId))!;
      await eventsRepo.append(tx, event(launch, ctx, "backup.failed", { backup: backup.id, artifact: backup.name }, failure.reason));
      const lastGood = await backupsRepo.newestGood(tx, launch.id);
      await postInPlace(tx, launch.id, targets, backupUpdateKey(backup.id), backupFailed(launch, backup, failure.reason, lastGood, ctx.at), ctx.at);
    } else {
      const done = await backupsRepo.finishDrill(tx, failure.drillId, {
        status: "failed",
        finishedAt: ctx.at,
        rtoMs: failure.rtoMs ?? null,
        rpoMs: failure.rpoMs ?? null,
        tables: failure.tables ?? [],
        error: failure.reason,
      });
      if (!done) return false;
      const drill = (await backupsRepo.drillById(tx, launch.id, failure.drillId))!;
      await eventsRepo.append(tx, event(launch, ctx, "backup.drill_failed", { drill: drill.id, backup: drill.backupId }, failure.reason));
      await postInPlace(tx, launch.id, targets, drillUpdateKey(drill.id), drillFinished(launch, drill, ctx.policy), ctx.at);
    }
    const what = failure.kind === "backup" ? `Backup ${failure.backupId} failed` : `Restore drill ${failure.drillId} failed`;
    await raiseBackupFailure(tx, launch, failure.kind, failure.kind === "backup" ? failure.backupId : failure.drillId, failure.reason, ctx.at);
    for (const [owner, items] of await backupItemsByOwner(tx, launch.id)) {
      await dmOwner(tx, launch, owner, ownerNotice(launch, what, failure.reason, items.map((i) => i.ref)), ctx.at);
    }
    return true;
  });
  if (recorded) await recordBackupChecks(db, launch, ctx.at);
}

function event(launch: Launch, ctx: FailureContext, kind: string, after: Record<string, unknown>, note: string) {
  return { launchId: launch.id, itemKey: null, kind, actor: ctx.actor.id, surface: ctx.actor.surface, at: ctx.at, before: null, after, note };
}
