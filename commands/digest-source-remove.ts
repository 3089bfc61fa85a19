import { z } from "zod";
import { describeSource } from "../src/domain/digest/sources.js";
import { GoliveError } from "../src/errors.js";
import { reply } from "../src/render/reply.js";
import { digestRepo } from "../src/storage/digest-repo.js";
import { eventsRepo } from "../src/storage/events-repo.js";
import { defineCommand } from "./types.js";

export default defineCommand({
  name: "digest source remove",
  scope: "launch",
  role: "release-manager",
  summary: "Stop reading a digest source (by the name digest sources shows)",
  usage: "digest source remove <name>",
  examples: ["digest source remove nginx"],
  positionals: [{ name: "name" }],
  args: z.object({ name: z.string().min(1) }),
  async run({ name }, ctx) {
    const { db, clock } = ctx.services;
    const { launch } = ctx;
    const removed = await db.transaction(async (tx) => {
      const source = await digestRepo.removeSource(tx, launch.id, name);
      if (!source) throw new GoliveError("not_found", `${launch.name} has no digest source named ${name}.`, "See them with: digest sources");
      await eventsRepo.append(tx, {
        launchId: launch.id,
        itemKey: null,
        kind: "digest.source.removed",
        actor: ctx.actor.id,
        surface: ctx.actor.surface,
        at: clock.now(),
        before: { name: source.name, kind: source.kind, config: source.config },
        after: null,
        note: describeSource(source),
      });
      return source;
    });
    return reply.ok(`Digest source ${removed.name} removed from ${launch.name}.`);
  },
});
