import { z } from "zod";
import { requirePolicy } from "../src/domain/backup/policy.js";
import { GoliveError } from "../src/errors.js";
import { inBackground } from "../src/jobs/background.js";
import { backupNightlyJob, backupRun } from "../src/jobs/backup-jobs.js";
import { minuteOf } from "../src/jobs/cron.js";
import { claimRun, defaultReplica } from "../src/jobs/run-job.js";
import { reply } from "../src/render/reply.js";
import { backupsRepo } from "../src/storage/backups-repo.js";
import { requesterOf } from "./backup-requester.js";
import { defineCommand } from "./types.js";

export default defineCommand({
  name: "backup now",
  scope: "launch",
  role: "member",
  summary: "Take a backup now: answers at once, then shows progress in the channel and ends with the result",
  usage: "backup now",
  examples: ["backup now"],
  args: z.object({}),
  async run(_args, ctx) {
    requirePolicy(ctx.launch);
    const { db, log, clock } = ctx.services;
    const running = await backupsRepo.running(db, ctx.launch.id);
    if (running) throw new GoliveError("conflict", `Backup ${running.id} of ${ctx.launch.name} is already running (started by ${running.actor}).`, "Its progress is in the channel; see backup list.");
    const now = clock.now();
    const asked = { actor: ctx.actor, requester: requesterOf(ctx) };
    const claimed = await claimRun({ db, log, clock, replica: defaultReplica() }, backupNightlyJob, ctx.launch, minuteOf(now), "manual", now, (job) => backupRun(job, asked));
    if (!claimed) throw new GoliveError("conflict", `A backup of ${ctx.launch.name} already started this minute.`, "See it with: backup list");
    inBackground(claimed.done);
    return reply.ok(`Backup of ${ctx.launch.name} started.`, [
      { kind: "text", text: `Backup of ${ctx.launch.name} started (job run ${claimed.runId}). Progress and the result follow here as one message, updated in place.` },
    ]);
  },
});
