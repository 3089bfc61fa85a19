// A launch's backup policy, kept in launches.settings.backup. It holds the NAMES of the
// environment variables with the secrets (source URL, passphrase), never their values.
// The schedules live with the other job schedules (settings.jobs.schedules).
import { isAbsolute, resolve } from "node:path";
import { z } from "zod";
import { GoliveError } from "../../errors.js";
import type { Launch } from "../launches/types.js";

export const BACKUP_JOB = "backup-nightly";
export const DRILL_JOB = "restore-drill";
export const DEFAULT_BACKUP_SCHEDULE = "0 2 * * *";
export const DEFAULT_DRILL_SCHEDULE = "0 4 1 * *";

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, "must be the name of an environment variable (letters, digits, _), not its value");

export const DestinationSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("file"), path: z.string().min(1) }),
  z.object({ kind: z.literal("s3"), bucket: z.string().min(1), prefix: z.string() }),
]);
export type Destination = z.infer<typeof DestinationSchema>;

export const KeepSchema = z.object({
  daily: z.number().int().min(0).max(3650),
  weekly: z.number().int().min(0).max(520),
  monthly: z.number().int().min(0).max(1200),
});
export type Keep = z.infer<typeof KeepSchema>;

export const BackupPolicySchema = z.object({
  sourceEnv: envName,
  passphraseEnv: envName,
  destinations: z.array(DestinationSchema).min(1),
  s3Endpoint: z.string().url().optional(),
  keep: KeepSchema,
  rpoMinutes: z.number().int().min(1),
  rtoMinutes: z.number().int().min(1),
  drillTargetEnv: envName.optional(),
});
export type BackupPolicy = z.infer<typeof BackupPolicySchema>;

export const DEFAULT_KEEP: Keep = { daily: 7, weekly: 4, monthly: 6 };
export const DEFAULT_RPO_MINUTES = 24 * 60;
export const DEFAULT_RTO_MINUTES = 4 * 60;

export { envName as envNameSchema };

/** The policy of a launch, or null when `backup set` was never run. */
export function backupPolicy(launch: Launch): BackupPolicy | null {
  const stored = launch.settings.backup;
  if (stored === undefined || stored === null) return null;
  const parsed = BackupPolicySchema.safeParse(stored);
  if (!parsed.success) {
    throw new GoliveError("config", `The backup policy of ${launch.name} is invalid (${parsed.error.issues[0]!.message}).`, "Set it again with backup set …");
  }
  return parsed.data;
}

export function requirePolicy(launch: Launch): BackupPolicy {
  const policy = backupPolicy(launch);
  if (!policy) {
    throw new GoliveError(
      "config",
      `${launch.name} has no backup policy yet.`,
      "A release manager sets one: backup set --source-env DATABASE_URL --passphrase-env BACKUP_PASSPHRASE --to /var/backups/golive",
    );
  }
  return policy;
}

/** `file:///var/backups/x`, `/var/backups/x` (or a relative path) or `s3://bucket/prefix`. */
export function parseDestination(text: string, cwd = process.cwd()): Destination {
  const value = text.trim();
  if (/^s3:\/\//i.test(value)) {
    const m = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(value);
    if (!m) throw new GoliveError("usage", `--to ${value}: not an S3 location.`, "Write it as s3://bucket/prefix (bucket: 3–63 lowercase letters, digits, dots and dashes).");
    return { kind: "s3", bucket: m[1]!, prefix: (m[2] ?? "").replace(/^\/+|\/+$/g, "") };
  }
  if (/^file:/i.test(value)) {
    let path: string;
    try {
      path = decodeURIComponent(new URL(value).pathname);
    } catch {
      throw new GoliveError("usage", `--to ${value}: not a file URL.`, "Write it as file:///var/backups/golive/osce-prod, or give a plain path.");
    }
    return { kind: "file", path };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    throw new GoliveError("usage", `--to ${value}: golive stores backups in a local directory or S3-compatible storage.`, "Use a path (/var/backups/golive) or s3://bucket/prefix.");
  }
  if (value === "") throw new GoliveError("usage", "--to needs a destination.", "Use a path (/var/backups/golive) or s3://bucket/prefix.");
  return { kind: "file", path: isAbsolute(value) ? value : resolve(cwd, value) };
}

export function describeDestination(d: Destination): string {
  return d.kind === "file" ? d.path : `s3://${d.bucket}${d.prefix ? `/${d.prefix}` : ""}`;
}

const DURATION = /^(\d{1,6})\s*(m|min|h|d)$/i;

/** `24h`, `90m`, `2d` → minutes. */
export function parseDuration(flag: string, text: string): number {
  const m = DURATION.exec(text.trim());
  const minutes = m ? Number(m[1]) * ({ m: 1, min: 1, h: 60, d: 1440 } as const)[m[2]!.toLowerCase() as "m" | "min" | "h" | "d"] : 0;
  if (!m || minutes < 1) throw new GoliveError("usage", `--${flag} ${text}: not a duration.`, `Write it like 24h, 90m or 2d, e.g. --${flag} 24h`);
  return minutes;
}

export function formatMinutes(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440}d`;
  if (minutes % 60 === 0) return `${minutes / 60}h`;
  return `${minutes}m`;
}

/** `daily=7,weekly=4,monthly=6` (any of them; the others are 0). */
export function parseKeep(text: string): Keep {
  const keep: Keep = { daily: 0, weekly: 0, monthly: 0 };
  for (const part of text.split(",").map((p) => p.trim()).filter(Boolean)) {
    const m = /^(daily|weekly|monthly)=(\d{1,4})$/.exec(part);
    if (!m) throw new GoliveError("usage", `--keep: "${part}" is not a rule.`, "Write it like --keep daily=7,weekly=4,monthly=6");
    keep[m[1] as keyof Keep] = Number(m[2]);
  }
  const parsed = KeepSchema.safeParse(keep);
  if (!parsed.success) throw new GoliveError("usage", `--keep ${text}: ${parsed.error.issues[0]!.message}.`, "e.g. --keep daily=7,weekly=4,monthly=6");
  if (keep.daily + keep.weekly + keep.monthly === 0) {
    throw new GoliveError("usage", "--keep keeps nothing.", "Keep at least one period, e.g. --keep daily=7,weekly=4,monthly=6");
  }
  return keep;
}

export const describeKeep = (k: Keep) => `daily=${k.daily},weekly=${k.weekly},monthly=${k.monthly}`;
