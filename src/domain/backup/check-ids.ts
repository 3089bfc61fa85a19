// The audit checks whose results come from golive's own backup records (not from a probe
// of the live site). They prove the backup items of a checklist (`audit=backup.fresh`).
export const BACKUP_CHECKS = [
  { id: "backup.fresh", description: "the newest good backup is younger than the policy's RPO" },
  { id: "backup.restorable", description: "a restore drill passed within the drill period plus a margin, within the RTO target" },
  { id: "backup.encrypted", description: "the newest good backup is OpenPGP AES-256 encrypted (read back from its first bytes)" },
  { id: "backup.offsite", description: "the newest good backup is stored in at least one destination that is not a local directory" },
  { id: "backup.retention", description: "a retention policy is set and was applied after the newest good backup" },
] as const;

export const BACKUP_CHECK_IDS: readonly string[] = BACKUP_CHECKS.map((check) => check.id);
