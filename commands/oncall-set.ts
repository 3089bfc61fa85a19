import { z } from "zod";
import { cycleAnchor, parseHandoff, parsePeriod, saveRotation } from "../src/domain/incidents/oncall.js";
import { peopleLabel } from "../src/domain/incidents/people.js";
import { WEEKDAY_NAMES } from "../src/domain/incidents/local-time.js";
import { reply } from "../src/render/reply.js";
import { peopleOf, rotationName } from "./oncall-args.js";
import { defineCommand } from "./types.js";

const USAGE = 'oncall set <rotation> @a @b @c [--every 1w] [--handoff "Mon 09:00"]';

export default defineCommand({
  name: "oncall set",
  scope: "launch",
  role: "release-manager",
  summary: "Set a rotation: people take turns on call, handing off at a local time (the first named is on call now)",
  usage: USAGE,
  examples: ['oncall set primary @alice @bob @carol --every 1w --handoff "Mon 09:00"', 'oncall set secondary @dan @erin --every 1d --handoff "08:30"'],
  positionals: [{ name: "rotation" }, { name: "people", kind: "tokens" }],
  flags: { every: "string", handoff: "string" },
  args: z.object({
    rotation: rotationName,
    people: z.array(z.object({ value: z.string(), quoted: z.boolean() })).optional(),
    every: z.string().default("1w"),
    handoff: z.string().optional(),
  }),
  async run(args, ctx) {
    const members = peopleOf(ctx, args.people, USAGE);
    const periodDays = parsePeriod(args.every);
    const handoff = parseHandoff(args.handoff ?? (periodDays % 7 === 0 ? "Mon 09:00" : "09:00"));
    const { db, clock } = ctx.services;
    const now = clock.now();
    const tz = ctx.launch.timezone;
    await db.transaction((tx) =>
      saveRotation(
        tx,
        ctx.launch,
        {
          launchId: ctx.launch.id,
          name: args.rotation,
          kind: "cycle",
          members,
          periodDays,
          handoffDay: handoff.day,
          handoffTime: handoff.time,
          anchorDate: cycleAnchor(tz, handoff, now),
          shifts: [],
          source: null,
          updatedBy: ctx.actor.id,
          updatedAt: now,
        },
        ctx.actor,
        now,
      ),
    );
    const when = `${handoff.day === null ? "every day" : `every ${WEEKDAY_NAMES[handoff.day]}`} at ${handoff.time} (${tz})`;
    const text = `Rotation ${args.rotation} of ${ctx.launch.name}: ${peopleLabel(members)}, ${periodDays % 7 === 0 ? `${periodDays / 7} week(s)` : `${periodDays} day(s)`} each, handing off ${when}. ${members[0] ? `On call now: ${peopleLabel([members[0]])}.` : ""}`;
    return reply.ok(text, [{ kind: "text", text }, { kind: "text", text: "See the next two weeks: oncall show" }]);
  },
});
