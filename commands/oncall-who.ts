import { z } from "zod";
import { parseWhen, shortStamp } from "../src/domain/incidents/local-time.js";
import { onCallAt } from "../src/domain/incidents/oncall.js";
import { personLabel } from "../src/domain/incidents/people.js";
import { reply } from "../src/render/reply.js";
import { oncallRepo } from "../src/storage/oncall-repo.js";
import { defineCommand } from "./types.js";

export default defineCommand({
  name: "oncall who",
  scope: "launch",
  role: "viewer",
  summary: "Who is on call now (or at a given time) in each rotation",
  usage: "oncall who [--at <YYYY-MM-DD HH:MM>]",
  examples: ["oncall who", 'oncall who --at "2026-12-01 03:00"'],
  flags: { at: "string" },
  args: z.object({ at: z.string().optional() }),
  async run(args, ctx) {
    const { db, clock } = ctx.services;
    const tz = ctx.launch.timezone;
    const at = args.at ? parseWhen(args.at, tz, clock.now()) : clock.now();
    const rotations = await oncallRepo.list(db, ctx.launch.id);
    if (rotations.length === 0) return reply.ok(`${ctx.launch.name} has no on-call rotation yet.`, [{ kind: "text", text: `${ctx.launch.name} has no on-call rotation yet.` }, { kind: "text", text: 'Create one: oncall set primary @alice @bob --every 1w --handoff "Mon 09:00"' }]);
    const fields = [];
    for (const r of rotations) {
      const who = onCallAt(r, await oncallRepo.overrides(db, ctx.launch.id, r.name, at), tz, at);
      fields.push({ label: r.name, value: who.person ? `${personLabel(who.person)}${who.override ? " (override)" : ""}${who.to ? ` until ${shortStamp(who.to, tz)}` : ""}` : "nobody" });
    }
    const when = args.at ? shortStamp(at, tz) : "now";
    return reply.ok(`On call ${when} for ${ctx.launch.name}: ${fields.map((f) => `${f.label} ${f.value}`).join("; ")}`, [
      { kind: "heading", text: `${ctx.launch.name} · on call ${when} (${tz})` },
      { kind: "fields", fields },
    ]);
  },
});
