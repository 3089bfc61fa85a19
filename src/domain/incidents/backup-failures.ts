// A failed backup or restore drill raises an incident (source `backup`, key `backup` or
// `drill`), in the transaction that records the failure: one open incident per kind, so
// every later failure counts on it. A later success only says so on its timeline.
import type { Queryable } from "../../storage/database.js";
import type { Launch } from "../launches/types.js";
import { noteCleared, raiseAutomatic } from "./automatic.js";

export type BackupKind = "backup" | "drill";

export const BACKUP_SOURCE = "backup";
const WHAT: Record<BackupKind, string> = { backup: "Backup", drill: "Restore drill" };
const SEVERITY: Record<BackupKind, number> = { backup: 2, drill: 3 };

export async function raiseBackupFailure(tx: Queryable, launch: Launch, kind: BackupKind, id: number, reason: string, at: Date) {
  const text = `${WHAT[kind]} ${id} failed: ${reason}`;
  return raiseAutomatic(tx, launch, { source: BACKUP_SOURCE, key: kind, summary: text, severity: SEVERITY[kind], detail: text }, at);
}

export async function noteBackupSucceeded(tx: Queryable, launch: Launch, kind: BackupKind, id: number, at: Date) {
  return noteCleared(tx, launch, BACKUP_SOURCE, kind, `${WHAT[kind]} ${id} ${kind === "drill" ? "passed" : "succeeded"}`, at);
}
