import { z } from "zod";
import { setBackupPolicy } from "../src/domain/backup/policy-set.js";
import { reply } from "../src/render/reply.js";
import { launchesRepo } from "../src/storage/launches-repo.js";
import { policyFields } from "./backup-present.js";
import { defineCommand } from "./types.js";

const text = z.string().trim().min(1, "is empty").optional();

export default defineCommand({
  name: "backup set",
  scope: "launch",
  role: "release-manager",
  summary: "Set the backup policy: source and passphrase (as variable names), destinations, retention, schedules, RPO/RTO",
  usage:
    'backup set --source-env <VAR> --passphrase-env <VAR> --to <dir|s3://bucket/prefix> [--to …] [--s3-endpoint <url>] [--keep daily=7,weekly=4,monthly=6] [--schedule "0 2 * * *"] [--drill-target-env <VAR>] [--drill-schedule "0 4 1 * *"] [--rpo 24h] [--rto 4h]',
  examples: [
    "backup set --source-env OSCE_DATABASE_URL --passphrase-env BACKUP_PASSPHRASE --to /var/backups/golive/osce-prod --to s3://backups/osce-prod",
    "backup set --keep daily=7,weekly=4,monthly=6 --rpo 24h --rto 4h",
  ],
  flags: {
    "source-env": "string",
    "passphrase-env": "string",
    to: "strings",
    "s3-endpoint": "string",
    keep: "string",
    schedule: "string",
    "drill-target-env": "string",
    "drill-schedule": "string",
    rpo: "string",
    rto: "string",
  },
  args: z.object({
    "source-env": text,
    "passphrase-env": text,
    to: z.array(z.string().trim().min(1, "is empty")).optional(),
    "s3-endpoint": text,
    keep: text,
    schedule: text,
    "drill-target-env": text,
    "drill-schedule": text,
    rpo: text,
    rto: text,
  }),
  async run(args, ctx) {
    const { db, clock } = ctx.services;
    const policy = await setBackupPolicy(
      db,
      ctx.launch,
      {
        sourceEnv: args["source-env"],
        passphraseEnv: args["passphrase-env"],
        to: args.to,
        s3Endpoint: args["s3-endpoint"],
        keep: args.keep,
        schedule: args.schedule,
        drillTargetEnv: args["drill-target-env"],
        drillSchedule: args["drill-schedule"],
        rpo: args.rpo,
        rto: args.rto,
      },
      ctx.actor,
      clock.now(),
    );
    const saved = (await launchesRepo.byId(db, ctx.launch.id))!;
    return reply.ok(`Backup policy of ${ctx.launch.name} set.`, [
      { kind: "text", text: `Backup policy of ${ctx.launch.name} set: the database answered, pg_dump fits its version and every destination is writable. Secrets stay in the environment; golive keeps only the variable names.` },
      { kind: "fields", fields: policyFields(saved, policy) },
      { kind: "text", text: "Run one now with `backup now`." },
    ]);
  },
});
