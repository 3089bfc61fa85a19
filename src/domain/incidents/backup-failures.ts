// A failed backup or restore drill raises an incident (source `backup`, key `backup` or
// `drill`), in the transaction that records the failure: one open incident per kind, so
// every later failure counts on it. A later success only says so on its timeline.
import { isGoliveError } from "../../errors.js";
import type { Queryable } from "../../storage/database.js";
import { eventsRepo } from "../../storage/events-repo.js";
import type { Launch } from "../launches/types.js";
import { noteCleared, raiseAutomatic } from "./automatic.js";
import { JOB } from "./ladder.js";

export type BackupKind = "backup" | "drill";

export const BACKUP_SOURCE = "backup";
const WHAT: Record<BackupKind, string> = { backup: "Backup", drill: "Restore drill" };
const SEVERITY: Record<BackupKind, number> = { backup: 2, drill: 3 };

/**
 * Raises (or counts on) the incident of a failure. The failure matters more than its
 * incident: if raising fails (a stored policy that no longer parses), only the incident is
 * rolled back, to a savepoint, and an `incident.raise_failed` event says why.
 */
export async function raiseBackupFailure(tx: Queryable, launch: Launch, kind: BackupKind, id: number, reason: string, at: Date) {
  const text = `${WHAT[kind]} ${id} failed: ${reason}`;
  await tx.query("savepoint backup_incident");
  try {
    const raised = await raiseAutomatic(tx, launch, { source: BACKUP_SOURCE, key: kind, summary: text, severity: SEVERITY[kind], detail: text }, at);
    await tx.query("release savepoint backup_incident");
    return raised;
  } catch (error) {
    await tx.query("rollback to savepoint backup_incident");
    const why = isGoliveError(error) ? error.message : "golive failed while raising it (see its log)";
    await eventsRepo.append(tx, { launchId: launch.id, itemKey: null, kind: "incident.raise_failed", actor: JOB.id, surface: JOB.surface, at, before: null, after: { source: BACKUP_SOURCE, key: kind }, note: `No incident was raised for ${text}: ${why}` });
    return null;
  }
}

export async function noteBackupSucceeded(tx: Queryable, launch: Launch, kind: BackupKind, id: number, at: Date) {
  return noteCleared(tx, launch, BACKUP_SOURCE, kind, `${WHAT[kind]} ${id} ${kind === "drill" ? "passed" : "succeeded"}`, at);
}
