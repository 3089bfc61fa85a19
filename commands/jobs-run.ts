import { z } from "zod";
import { GoliveError } from "../src/errors.js";
import { minuteOf } from "../src/jobs/cron.js";
import { requireJob } from "../src/jobs/registry.js";
import { defaultReplica, runClaimed } from "../src/jobs/run-job.js";
import { reply } from "../src/render/reply.js";
import { defineCommand } from "./types.js";

export default defineCommand({
  name: "jobs run",
  scope: "launch",
  role: "release-manager",
  summary: "Run a job now, whatever the phase (claimed like a scheduled run: pressed twice in a minute, it runs once)",
  usage: "jobs run <job>",
  examples: ["jobs run readiness-post", "jobs run overdue-dms"],
  positionals: [{ name: "job" }],
  args: z.object({ job: z.string().min(1) }),
  async run({ job: name }, ctx) {
    const job = requireJob(name);
    const { db, log, clock } = ctx.services;
    const now = clock.now();
    const result = await runClaimed({ db, log, clock, replica: defaultReplica() }, job, ctx.launch, minuteOf(now), "manual", now);
    if (!result.claimed) {
      throw new GoliveError("conflict", `${job.name} already ran for ${ctx.launch.name} this minute.`, `See it with: jobs history ${job.name}`);
    }
    const text = `${job.name}: ${result.outcome} — ${result.summary}`;
    return result.outcome === "failed" ? reply.error(text, `See: jobs history ${job.name}`, "internal") : reply.ok(text);
  },
});
