import { z } from "zod";
import { GoliveError } from "../src/errors.js";
import { reply } from "../src/render/reply.js";
import { outboxRepo } from "../src/storage/outbox-repo.js";
import { defineCommand } from "./types.js";

export default defineCommand({
  name: "outbox retry",
  scope: "launch",
  role: "release-manager",
  summary: "Re-queue dead letters: one by its #id, or all of the launch",
  usage: "outbox retry <id|all>",
  examples: ["outbox retry 42", "outbox retry all"],
  positionals: [{ name: "target" }],
  args: z.object({ target: z.string().regex(/^(#?\d{1,12}|all)$/, "is neither a message id (see `outbox`) nor `all`") }),
  async run({ target }, { services, launch }) {
    const { db, clock } = services;
    if (target === "all") {
      const n = await outboxRepo.requeueDead(db, launch.id, clock.now());
      return reply.ok(n === 0 ? "There are no dead letters to retry." : `${n} dead message(s) queued again.`);
    }
    const id = Number(target.replace(/^#/, ""));
    const n = await outboxRepo.requeueDead(db, launch.id, clock.now(), id);
    if (n === 0) {
      const message = await outboxRepo.byId(db, id);
      const why = !message || message.launchId !== launch.id ? `There is no message #${id} on ${launch.name}.` : `Message #${id} is ${message.status}, not dead.`;
      throw new GoliveError("not_found", why, "See the dead letters with: outbox");
    }
    return reply.ok(`Message #${id} queued again.`);
  },
});
