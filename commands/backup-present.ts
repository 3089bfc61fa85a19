// How backups, drills and the policy read in replies (shared by the backup commands and `status`).
import { formatAge, formatBytes, formatDuration } from "../src/domain/backup/format.js";
import { BACKUP_JOB, type BackupPolicy, DEFAULT_BACKUP_SCHEDULE, DEFAULT_DRILL_SCHEDULE, DRILL_JOB, describeDestination, describeKeep, formatMinutes } from "../src/domain/backup/policy.js";
import type { Backup, Drill } from "../src/domain/backup/types.js";
import type { Launch } from "../src/domain/launches/types.js";

export function drillWords(drill: Drill | undefined, now: Date): string {
  if (!drill) return "never drilled";
  if (drill.status === "running") return "drill running";
  const when = formatAge(drill.finishedAt!, now);
  return drill.status === "passed" ? `drill passed ${when} (RTO ${formatDuration(drill.rtoMs ?? 0)})` : `drill FAILED ${when}`;
}

/** One line of `backup list`. */
export function backupLine(b: Backup, drill: Drill | undefined, now: Date): string {
  const head = `backup ${b.id}  ${b.status.padEnd(7)} ${formatAge(b.startedAt, now).padEnd(12)}`;
  if (b.status === "good") return `${head} ${formatBytes(b.bytesOut ?? 0).padEnd(8)} sha256 ${b.sha256!.slice(0, 12)}  ${drillWords(drill, now)}`;
  if (b.status === "failed") return `${head} ${b.error}`;
  if (b.status === "pruned") return `${head} ${formatBytes(b.bytesOut ?? 0).padEnd(8)} sha256 ${b.sha256?.slice(0, 12)}  deleted by retention`;
  return `${head} running`;
}

/** `Last good backup: 7 h ago, 12.4 GB, drill passed 3 days ago (RTO 6 min)` */
export function lastGoodLine(newest: Backup | null, drill: Drill | undefined, now: Date): string {
  if (!newest) return "Last good backup: none yet — backup now";
  return `Last good backup: ${formatAge(newest.finishedAt!, now)}, ${formatBytes(newest.bytesOut ?? 0)}, ${drillWords(drill, now)}`;
}

export function policyFields(launch: Launch, policy: BackupPolicy) {
  const schedules = (launch.settings.jobs as { schedules?: Record<string, string> } | undefined)?.schedules ?? {};
  return [
    { label: "Source database", value: `$${policy.sourceEnv}` },
    { label: "Passphrase", value: `$${policy.passphraseEnv}` },
    { label: "Destinations", value: policy.destinations.map(describeDestination).join("\n") + (policy.s3Endpoint ? `\n(S3 endpoint ${policy.s3Endpoint})` : "") },
    { label: "Schedule", value: `${schedules[BACKUP_JOB] ?? DEFAULT_BACKUP_SCHEDULE} (${launch.timezone})` },
    { label: "Retention", value: describeKeep(policy.keep) },
    { label: "Drills", value: `${schedules[DRILL_JOB] ?? DEFAULT_DRILL_SCHEDULE} on ${policy.drillTargetEnv ? `$${policy.drillTargetEnv}` : "the source server"}` },
    { label: "RPO / RTO", value: `${formatMinutes(policy.rpoMinutes)} / ${formatMinutes(policy.rtoMinutes)}` },
  ];
}
