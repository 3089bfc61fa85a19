import { z } from "zod";
import { describeSource } from "../src/domain/digest/sources.js";
import { reply } from "../src/render/reply.js";
import { digestRepo } from "../src/storage/digest-repo.js";
import { defineCommand } from "./types.js";

export default defineCommand({
  name: "digest sources",
  scope: "launch",
  role: "viewer",
  summary: "The logs and Sentry projects the digest reads",
  usage: "digest sources",
  examples: ["digest sources"],
  args: z.object({}),
  async run(_args, ctx) {
    const sources = await digestRepo.sources(ctx.services.db, ctx.launch.id);
    if (sources.length === 0) {
      return reply.ok(`${ctx.launch.name} has no digest sources.`, [
        { kind: "text", text: `${ctx.launch.name} has no digest sources.` },
        { kind: "text", text: "Add them: digest source add nginx /var/log/nginx/access.log* (local shell) and digest source add sentry --org <org> --project <project> --token-env SENTRY_TOKEN" },
      ]);
    }
    const lines = sources.map((s) => `${s.name}: ${describeSource(s)}`);
    return reply.ok(`${sources.length} digest source(s) for ${ctx.launch.name}`, [{ kind: "heading", text: `Digest sources of ${ctx.launch.name}` }, { kind: "text", text: lines.join("\n") }]);
  },
});
