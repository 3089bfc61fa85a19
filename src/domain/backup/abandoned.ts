// Backups and drills whose job run ended without them (the replica running them died, or
// golive was killed) are failed here, through the one failure path, and their partial
// files removed. Runs before every backup and drill, by the hourly watch and by `backup list`.
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { backupsRepo } from "../../storage/backups-repo.js";
import type { Database } from "../../storage/database.js";
import type { Launch } from "../launches/types.js";
import { PARTIAL_SUFFIX } from "./destinations.js";
import { reportFailure } from "./failures.js";
import { backupPolicy } from "./policy.js";

const GOLIVE = { id: "golive", surface: "job" as const };
const REASON = "golive stopped while this ran (its job run ended without it)";

export async function failAbandoned(db: Database, launch: Launch, at: Date): Promise<number> {
  const policy = backupPolicy(launch);
  if (!policy) return 0;
  const { backups, drills } = await backupsRepo.abandoned(db, launch.id);
  for (const backup of backups) {
    for (const d of policy.destinations) if (d.kind === "file") await rm(join(d.path, `${backup.name}${PARTIAL_SUFFIX}`), { force: true });
    await reportFailure(db, launch, { kind: "backup", backupId: backup.id, reason: `${REASON}; its partial files were removed` }, { actor: GOLIVE, at, policy });
  }
  for (const drill of drills) {
    await reportFailure(db, launch, { kind: "drill", drillId: drill.id, reason: `${REASON}; its scratch database may be left (golive_drill_*)` }, { actor: GOLIVE, at, policy });
  }
  return backups.length + drills.length;
}
