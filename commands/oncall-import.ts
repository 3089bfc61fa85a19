import { basename } from "node:path";
import { z } from "zod";
import { fetchCalendar, shownUrl } from "../src/domain/incidents/calendar-source.js";
import { IMPORT_HORIZON_DAYS, shiftsFromIcs } from "../src/domain/incidents/ical.js";
import { shortStamp } from "../src/domain/incidents/local-time.js";
import { saveRotation } from "../src/domain/incidents/oncall.js";
import { peopleLabel } from "../src/domain/incidents/people.js";
import { reply } from "../src/render/reply.js";
import { readLocalTextFile } from "./local-file.js";
import { rotationName } from "./oncall-args.js";
import { defineCommand } from "./types.js";

export default defineCommand({
  name: "oncall import",
  scope: "launch",
  role: "release-manager",
  summary: "Make a rotation follow an iCalendar schedule (.ics file in the shell, or an https URL): each event names who is on call",
  usage: "oncall import <rotation> <file.ics | https://…>",
  examples: ["oncall import primary ./oncall.ics", "oncall import primary https://calendar.example.com/oncall.ics"],
  positionals: [{ name: "rotation" }, { name: "from" }],
  args: z.object({ rotation: rotationName, from: z.string({ error: "give the .ics file or its https URL" }) }),
  async run(args, ctx) {
    const { db, clock } = ctx.services;
    const now = clock.now();
    const isUrl = /^https?:\/\//i.test(args.from);
    const url = isUrl ? new URL(args.from) : null;
    const text = url
      ? await fetchCalendar(url)
      : await readLocalTextFile(ctx, args.from, "an iCalendar (.ics) file", "From chat, give the calendar's https:// address instead.");
    const tz = ctx.launch.timezone;
    const { shifts, events } = shiftsFromIcs(text, { launchTz: tz, from: now, parseMention: ctx.parseMention });
    const source = url ? shownUrl(url) : basename(args.from);
    await db.transaction((tx) =>
      saveRotation(
        tx,
        ctx.launch,
        { launchId: ctx.launch.id, name: args.rotation, kind: "calendar", members: [], periodDays: null, handoffDay: null, handoffTime: null, anchorDate: null, shifts, source, updatedBy: ctx.actor.id, updatedAt: now },
        ctx.actor,
        now,
      ),
    );
    const people = [...new Set(shifts.map((s) => s.person))];
    const span = shifts.length ? ` from ${shortStamp(shifts[0]!.from, tz)} to ${shortStamp(shifts.at(-1)!.to, tz)}` : "";
    const summary = `Rotation ${args.rotation} now follows ${source}: ${shifts.length} shift(s) from ${events} event(s)${span}, for ${peopleLabel(people)}.`;
    return reply.ok(summary, [
      { kind: "text", text: summary },
      { kind: "text", text: `Recurring events are expanded ${IMPORT_HORIZON_DAYS} days ahead; import again to refresh. See it: oncall show` },
    ]);
  },
});
