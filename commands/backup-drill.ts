import { z } from "zod";
import { drillCandidate } from "../src/domain/backup/drill-run.js";
import { requirePolicy } from "../src/domain/backup/policy.js";
import { GoliveError } from "../src/errors.js";
import { inBackground } from "../src/jobs/background.js";
import { drillRun, restoreDrillJob } from "../src/jobs/backup-jobs.js";
import { minuteOf } from "../src/jobs/cron.js";
import { claimRun, defaultReplica } from "../src/jobs/run-job.js";
import { reply } from "../src/render/reply.js";
import { requesterOf } from "./backup-requester.js";
import { defineCommand } from "./types.js";

export default defineCommand({
  name: "backup drill",
  scope: "launch",
  role: "member",
  summary: "Restore a backup (the newest good one by default) into a scratch database and compare its rows with the manifest",
  usage: "backup drill [<backup id>]",
  examples: ["backup drill", "backup drill 12"],
  positionals: [{ name: "id" }],
  args: z.object({ id: z.coerce.number({ error: "must be a backup number, e.g. 12" }).int("must be a backup number, e.g. 12").positive("must be a backup number, e.g. 12").optional() }),
  async run({ id }, ctx) {
    requirePolicy(ctx.launch);
    const { db, log, clock } = ctx.services;
    const backup = await drillCandidate(db, ctx.launch, id);
    const now = clock.now();
    const asked = { actor: ctx.actor, requester: requesterOf(ctx), backupId: backup.id };
    const claimed = await claimRun({ db, log, clock, replica: defaultReplica() }, restoreDrillJob, ctx.launch, minuteOf(now), "manual", now, (job) => drillRun(job, asked));
    if (!claimed) throw new GoliveError("conflict", `A restore drill of ${ctx.launch.name} already started this minute.`, "Its progress is in the channel.");
    inBackground(claimed.done);
    return reply.ok(`Restore drill of backup ${backup.id} started.`, [
      { kind: "text", text: `Restore drill of ${ctx.launch.name}'s backup ${backup.id} started (job run ${claimed.runId}). Progress and the result follow here as one message, updated in place.` },
    ]);
  },
});
