import { z } from "zod";
import { makeDigest } from "../src/domain/digest/build.js";
import { defaultDigestDeps } from "../src/domain/digest/deps.js";
import { digestReply } from "../src/domain/digest/digest-reply.js";
import { localStampOf } from "../src/domain/digest/format-time.js";
import { BACKGROUND_ABOVE_BYTES, bytesToRead, runDigestInBackground } from "../src/domain/digest/on-demand.js";
import { resolveWindow } from "../src/domain/digest/window.js";
import { reply } from "../src/render/reply.js";
import { defineCommand } from "./types.js";

export default defineCommand({
  name: "digest",
  scope: "launch",
  role: "viewer",
  summary: "The error digest of the logs and Sentry: traffic, 5xx/4xx, latency, new and recurring errors, endpoints, sensitive data",
  usage: "digest [--since 24h | --from <date> --to <date>] [--public]",
  examples: ["digest", "digest --since 6h", "digest --from 2026-11-24 --to 2026-11-25 --public"],
  flags: { since: "string", from: "string", to: "string" },
  args: z.object({ since: z.string().optional(), from: z.string().optional(), to: z.string().optional() }),
  async run(args, ctx) {
    const { db, clock, log } = ctx.services;
    const { launch } = ctx;
    const window = resolveWindow(args, launch.timezone, clock.now());
    const label = `${localStampOf(window.from, launch.timezone)} → ${localStampOf(window.to, launch.timezone)}`;
    const deps = defaultDigestDeps();
    const surface = ctx.actor.surface;
    if (surface === "slack" || surface === "teams") {
      const bytes = await bytesToRead(db, launch, window);
      if (bytes > BACKGROUND_ABOVE_BYTES) {
        void runDigestInBackground({ db, log, clock, launch, window, deps, label, target: { surface, conversation: ctx.conversation } });
        return reply.ok(
          `Building the digest of ${launch.name} for ${label}: ${(bytes / 1_048_576).toFixed(0)} MB of logs to read. Progress and the digest will appear in this conversation.`,
        );
      }
    }
    const made = await makeDigest(db, launch, window, "on-demand", clock.now(), deps);
    const shown = digestReply(made.report);
    return { ...shown, visibility: ctx.public ? "public" : "ephemeral" };
  },
});
