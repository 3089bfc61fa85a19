import { z } from "zod";
import { archiveLaunch } from "../src/domain/launches/launches.js";
import { reply } from "../src/render/reply.js";
import { defineCommand } from "./types.js";

export default defineCommand({
  name: "launch archive",
  scope: "launch",
  role: "release-manager",
  summary: "Archive a launch: it stays readable, with its history, but can no longer change",
  usage: "launch archive [--launch <name>]",
  examples: ["launch archive --launch osce-prod"],
  args: z.object({}),
  async run(_args, { launch, services, actor }) {
    await archiveLaunch(services.db, launch, actor, services.clock.now());
    return reply.ok(`Launch ${launch.name} archived.`);
  },
});
