import { z } from "zod";
import { hashCiToken, newCiToken } from "../src/domain/audit/ci-token.js";
import { GoliveError } from "../src/errors.js";
import { reply } from "../src/render/reply.js";
import { auditRepo } from "../src/storage/audit-repo.js";
import { eventsRepo } from "../src/storage/events-repo.js";
import { defineCommand } from "./types.js";

export default defineCommand({
  name: "audit token",
  scope: "launch",
  role: "release-manager",
  summary: "Create (or replace) the CI token that may POST check --deploy output for this launch; shown once",
  usage: "audit token",
  examples: ["audit token"],
  args: z.object({}),
  async run(_args, ctx) {
    if (ctx.public) throw new GoliveError("usage", "The token is a secret and is never posted in a channel.", "Run `audit token` without --public.");
    const { db, clock } = ctx.services;
    const at = clock.now();
    const token = newCiToken();
    const replaced = await db.transaction(async (tx) => {
      const before = await auditRepo.tokenHash(tx, ctx.launch.id);
      await auditRepo.setTokenHash(tx, ctx.launch.id, hashCiToken(token), ctx.actor.id, at);
      await eventsRepo.append(tx, {
        launchId: ctx.launch.id,
        itemKey: null,
        kind: before ? "audit.token_rotated" : "audit.token_created",
        actor: ctx.actor.id,
        surface: ctx.actor.surface,
        at,
        before: null,
        after: null,
        note: null,
      });
      return before !== null;
    });
    const path = `/api/launches/${ctx.launch.name}/check-deploy`;
    return reply.ok(`CI token for ${ctx.launch.name} ${replaced ? "replaced (the old one no longer works)" : "created"}`, [
      { kind: "text", text: `CI token for ${ctx.launch.name}${replaced ? " (the previous token no longer works)" : ""}. It is shown this once; golive keeps only its hash:` },
      { kind: "text", text: token },
      {
        kind: "text",
        text: `In CI, after deploying:\npython manage.py check --deploy 2>&1 | curl -sS -X POST -H "Authorization: Bearer $GOLIVE_TOKEN" -H "Content-Type: text/plain" --data-binary @- https://<golive-host>${path}`,
      },
    ]);
  },
});
