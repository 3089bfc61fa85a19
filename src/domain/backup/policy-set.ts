// `backup set`: checks everything a backup will need (the variables, the database and
// the role's rights, pg_dump's version, the destinations, the drill server) before it
// saves anything, then saves the policy (variable names only) with an event.
import type pg from "pg";
import { cronExpression } from "../../jobs/cron.js";
import { GoliveError } from "../../errors.js";
import type { Database } from "../../storage/database.js";
import { eventsRepo } from "../../storage/events-repo.js";
import { launchesRepo } from "../../storage/launches-repo.js";
import type { Actor, Launch } from "../launches/types.js";
import { probeDestination } from "./destinations.js";
import { requireCompatiblePgDump } from "./pipeline.js";
import {
  BACKUP_JOB,
  type BackupPolicy,
  backupPolicy,
  DEFAULT_KEEP,
  DEFAULT_RPO_MINUTES,
  DEFAULT_RTO_MINUTES,
  DRILL_JOB,
  envNameSchema,
  parseDestination,
  parseDuration,
  parseKeep,
} from "./policy.js";
import { passphraseFromEnv } from "./secrets.js";
import { addressFromEnv, connect, type DatabaseAddress, unreadableObjects } from "./source.js";

export interface PolicyInput {
  sourceEnv?: string;
  passphraseEnv?: string;
  to?: string[];
  s3Endpoint?: string;
  keep?: string;
  schedule?: string;
  drillTargetEnv?: string;
  drillSchedule?: string;
  rpo?: string;
  rto?: string;
}

function envFlag(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const parsed = envNameSchema.safeParse(value);
  if (!parsed.success) throw new GoliveError("usage", `--${flag} ${value.length > 40 ? "…" : value}: ${parsed.error.issues[0]!.message}.`, `e.g. --${flag} ${flag === "passphrase-env" ? "BACKUP_PASSPHRASE" : "DATABASE_URL"}`);
  return parsed.data;
}

function schedule(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const parsed = cronExpression.safeParse(value);
  if (!parsed.success) throw new GoliveError("usage", `--${flag}: ${parsed.error.issues[0]!.message}.`);
  return parsed.data;
}

/** The policy the flags make, over the current one (flags not given keep their value). */
export function policyFromInput(current: BackupPolicy | null, input: PolicyInput): BackupPolicy {
  const sourceEnv = envFlag("source-env", input.sourceEnv) ?? current?.sourceEnv;
  const passphraseEnv = envFlag("passphrase-env", input.passphraseEnv) ?? current?.passphraseEnv;
  const destinations = input.to?.map((to) => parseDestination(to)) ?? current?.destinations;
  const missing = [!sourceEnv && "--source-env", !passphraseEnv && "--passphrase-env", !destinations?.length && "--to"].filter(Boolean);
  if (missing.length > 0) {
    throw new GoliveError("usage", `backup set needs ${missing.join(", ")}.`, "e.g. backup set --source-env DATABASE_URL --passphrase-env BACKUP_PASSPHRASE --to /var/backups/golive --to s3://backups/osce");
  }
  let s3Endpoint = current?.s3Endpoint;
  if (input.s3Endpoint !== undefined) {
    if (!URL.canParse(input.s3Endpoint) || !/^https?:$/.test(new URL(input.s3Endpoint).protocol)) {
      throw new GoliveError("usage", `--s3-endpoint ${input.s3Endpoint}: not an http(s) URL.`, "e.g. --s3-endpoint https://s3.eu-central-1.wasabisys.com");
    }
    s3Endpoint = input.s3Endpoint === "default" ? undefined : input.s3Endpoint;
  }
  const drillTargetEnv = input.drillTargetEnv === "default" ? undefined : (envFlag("drill-target-env", input.drillTargetEnv) ?? current?.drillTargetEnv);
  return {
    sourceEnv: sourceEnv!,
    passphraseEnv: passphraseEnv!,
    destinations: destinations!,
    ...(s3Endpoint ? { s3Endpoint } : {}),
    keep: input.keep !== undefined ? parseKeep(input.keep) : (current?.keep ?? DEFAULT_KEEP),
    rpoMinutes: input.rpo !== undefined ? parseDuration("rpo", input.rpo) : (current?.rpoMinutes ?? DEFAULT_RPO_MINUTES),
    rtoMinutes: input.rto !== undefined ? parseDuration("rto", input.rto) : (current?.rtoMinutes ?? DEFAULT_RTO_MINUTES),
    ...(drillTargetEnv ? { drillTargetEnv } : {}),
  };
}

async function withClient<T>(address: DatabaseAddress, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await connect(address);
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => {});
  }
}

/** Everything a backup and a drill will need, tried now; the first problem is refused with its fix. */
export async function preflight(policy: BackupPolicy): Promise<void> {
  const source = addressFromEnv(policy.sourceEnv);
  passphraseFromEnv(policy.passphraseEnv);
  const drillServer = policy.drillTargetEnv ? addressFromEnv(policy.drillTargetEnv) : source;
  await withClient(source, async (client) => {
    await requireCompatiblePgDump(client);
    const unreadable = await unreadableObjects(client);
    if (unreadable.length > 0) {
      const { rows } = await client.query<{ user: string }>("select current_user as user");
      throw new GoliveError(
        "config",
        `The role ${rows[0]!.user} (from ${policy.sourceEnv}) cannot read everything pg_dump must dump: ${unreadable.slice(0, 5).join(", ")}${unreadable.length > 5 ? ` and ${unreadable.length - 5} more` : ""}.`,
        `Grant it read access (GRANT USAGE ON SCHEMA …; GRANT SELECT ON ALL TABLES IN SCHEMA … and ON ALL SEQUENCES IN SCHEMA …), or point ${policy.sourceEnv} at a role that has it.`,
      );
    }
  });
  await withClient(drillServer, async (client) => {
    const { rows } = await client.query<{ ok: boolean; user: string }>("select (rolcreatedb or rolsuper) as ok, current_user as user from pg_roles where rolname = current_user");
    if (!rows[0]?.ok) {
      throw new GoliveError(
        "config",
        `Restore drills create a scratch database, and the role ${rows[0]?.user ?? "?"} (from ${drillServer.env}) may not (no CREATEDB).`,
        `ALTER ROLE … CREATEDB on the drill server, or set --drill-target-env to a variable with a role that may.`,
      );
    }
  });
  for (const d of policy.destinations) await probeDestination(d, { endpoint: policy.s3Endpoint });
}

export async function setBackupPolicy(db: Database, launch: Launch, input: PolicyInput, actor: Actor, at: Date): Promise<BackupPolicy> {
  const policy = policyFromInput(backupPolicy(launch), input);
  const backupSchedule = schedule("schedule", input.schedule);
  const drillSchedule = schedule("drill-schedule", input.drillSchedule);
  await preflight(policy);
  await db.transaction(async (tx) => {
    const current = (await launchesRepo.byId(tx, launch.id, true))!;
    const jobs = (current.settings.jobs as { schedules?: Record<string, string> } | undefined) ?? {};
    const schedules = { ...jobs.schedules };
    if (backupSchedule) schedules[BACKUP_JOB] = backupSchedule;
    if (drillSchedule) schedules[DRILL_JOB] = drillSchedule;
    const before = current.settings.backup ?? null;
    await launchesRepo.update(tx, launch.id, { settings: { ...current.settings, backup: policy, jobs: { ...jobs, schedules } } });
    await eventsRepo.append(tx, {
      launchId: launch.id,
      itemKey: null,
      kind: "backup.policy_set",
      actor: actor.id,
      surface: actor.surface,
      at,
      before: before as Record<string, unknown> | null,
      after: { ...policy, schedules: { [BACKUP_JOB]: schedules[BACKUP_JOB] ?? null, [DRILL_JOB]: schedules[DRILL_JOB] ?? null } },
      note: null,
    });
  });
  return policy;
}
