import { z } from "zod";
import { shortStamp } from "../src/domain/incidents/local-time.js";
import { scheduleBetween } from "../src/domain/incidents/oncall.js";
import { personLabel } from "../src/domain/incidents/people.js";
import { reply, type ReplyBlock } from "../src/render/reply.js";
import { oncallRepo } from "../src/storage/oncall-repo.js";
import { defineCommand } from "./types.js";

const DAYS = 14;

export default defineCommand({
  name: "oncall show",
  scope: "launch",
  role: "viewer",
  summary: `The on-call schedule of the next ${DAYS} days, overrides included`,
  usage: "oncall show",
  examples: ["oncall show"],
  args: z.object({}),
  async run(_args, ctx) {
    const { db, clock } = ctx.services;
    const now = clock.now();
    const to = new Date(now.getTime() + DAYS * 86_400_000);
    const tz = ctx.launch.timezone;
    const rotations = await oncallRepo.list(db, ctx.launch.id);
    if (rotations.length === 0) return reply.ok(`${ctx.launch.name} has no on-call rotation yet.`, [{ kind: "text", text: `${ctx.launch.name} has no on-call rotation yet.` }, { kind: "text", text: 'Create one: oncall set primary @alice @bob --every 1w --handoff "Mon 09:00"' }]);
    const blocks: ReplyBlock[] = [{ kind: "heading", text: `${ctx.launch.name} · on call, next ${DAYS} days (${tz})` }];
    for (const r of rotations) {
      const stretches = scheduleBetween(r, await oncallRepo.overrides(db, ctx.launch.id, r.name, now), tz, now, to);
      const lines = stretches.map((s) => `${shortStamp(s.from, tz)} → ${shortStamp(s.to, tz)}  ${s.person ? personLabel(s.person) : "nobody"}${s.override ? " (override)" : ""}`);
      const kind = r.kind === "calendar" ? `imported from ${r.source ?? "a calendar"}` : "rotation";
      blocks.push({ kind: "text", text: `${r.name} (${kind}):\n${lines.join("\n")}` });
    }
    return reply.ok(`On-call schedule of ${ctx.launch.name} for the next ${DAYS} days`, blocks);
  },
});
