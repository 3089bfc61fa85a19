import { z } from "zod";
import { localStamp } from "../src/jobs/cron.js";
import { requireJob } from "../src/jobs/registry.js";
import { reply } from "../src/render/reply.js";
import { jobRunsRepo } from "../src/storage/job-runs-repo.js";
import { defineCommand } from "./types.js";

export default defineCommand({
  name: "jobs history",
  scope: "launch",
  role: "viewer",
  summary: "Past runs of a job: slot, replica, outcome, summary or error",
  usage: "jobs history <job> [--limit N]",
  examples: ["jobs history readiness-post", "jobs history waiver-expiry --limit 50"],
  positionals: [{ name: "job" }],
  flags: { limit: "string" },
  args: z.object({ job: z.string().min(1), limit: z.coerce.number().int().min(1).max(500).default(20) }),
  async run({ job: name, limit }, ctx) {
    const job = requireJob(name);
    const runs = await jobRunsRepo.history(ctx.services.db, job.name, ctx.launch.id, limit);
    const title = `Runs of ${job.name} on ${ctx.launch.name}`;
    if (runs.length === 0) return reply.ok(`${title}: none yet.`);
    const tz = ctx.launch.timezone;
    const lines = runs.map((r) => {
      const took = r.finishedAt ? ` in ${r.finishedAt.getTime() - r.startedAt.getTime()} ms` : "";
      return `${localStamp(r.slot, tz)}  ${r.outcome.padEnd(7)} ${r.trigger.padEnd(8)} ${r.replica}${took}  ${r.error ?? r.summary ?? ""}`;
    });
    return reply.ok(title, [
      { kind: "heading", text: `${title} (times in ${tz})` },
      { kind: "text", text: lines.join("\n") },
    ]);
  },
});
