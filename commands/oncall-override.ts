import { z } from "zod";
import { parseWhen, shortStamp } from "../src/domain/incidents/local-time.js";
import { requireRotation } from "../src/domain/incidents/oncall.js";
import { personLabel } from "../src/domain/incidents/people.js";
import { GoliveError } from "../src/errors.js";
import { reply } from "../src/render/reply.js";
import { eventsRepo } from "../src/storage/events-repo.js";
import { oncallRepo } from "../src/storage/oncall-repo.js";
import { rotationName } from "./oncall-args.js";
import { defineCommand } from "./types.js";

const USAGE = 'oncall override <rotation> @person --from "YYYY-MM-DD HH:MM" --to "YYYY-MM-DD HH:MM"';

export default defineCommand({
  name: "oncall override",
  scope: "launch",
  role: "member",
  summary: "Put someone on call in a rotation for a while (a swap, a holiday); overrides win over the rotation",
  usage: USAGE,
  examples: ['oncall override primary @carol --from "2026-11-28 18:00" --to "2026-11-30 09:00"'],
  positionals: [{ name: "rotation" }, { name: "person" }],
  flags: { from: "string", to: "string" },
  args: z.object({ rotation: rotationName, person: z.string({ error: "name the person: @carol" }), from: z.string({ error: "give --from" }), to: z.string({ error: "give --to" }) }),
  async run(args, ctx) {
    const person = ctx.parseMention(args.person);
    if (!person) throw new GoliveError("usage", `"${args.person}" is not a person.`, `Mention them. Usage: ${USAGE}`);
    const { db, clock } = ctx.services;
    const now = clock.now();
    const tz = ctx.launch.timezone;
    const from = parseWhen(args.from, tz, now);
    const to = parseWhen(args.to, tz, now);
    if (to.getTime() <= from.getTime()) throw new GoliveError("invalid", "--to is not after --from.", `Usage: ${USAGE}`);
    if (to.getTime() <= now.getTime()) throw new GoliveError("invalid", "That override ends in the past.", "Give times to come.");
    if (to.getTime() - from.getTime() > 90 * 86_400_000) throw new GoliveError("invalid", "An override lasts at most 90 days.", "For longer, change the rotation: oncall set.");
    await db.transaction(async (tx) => {
      await requireRotation(tx, ctx.launch, args.rotation);
      const o = await oncallRepo.addOverride(tx, ctx.launch.id, { rotation: args.rotation, person, startsAt: from, endsAt: to, createdBy: ctx.actor.id, createdAt: now });
      await eventsRepo.append(tx, { launchId: ctx.launch.id, itemKey: null, kind: "oncall.override", actor: ctx.actor.id, surface: ctx.actor.surface, at: now, before: null, after: { rotation: o.rotation, person, from: from.toISOString(), to: to.toISOString() }, note: null });
    });
    const text = `${personLabel(person)} is on call in ${args.rotation} from ${shortStamp(from, tz)} to ${shortStamp(to, tz)} (${tz}).`;
    return reply.ok(text);
  },
});
