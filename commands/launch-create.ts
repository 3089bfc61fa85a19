import { z } from "zod";
import { CREDENTIALS_HINT, hasCredentials } from "../src/domain/audit/target.js";
import { DATE_RANGE_MESSAGE, dateIn, inDateRange, isValidDate, isValidTimezone, resolveLaunchDate } from "../src/domain/launches/calendar.js";
import { createLaunch } from "../src/domain/launches/launches.js";
import { reply } from "../src/render/reply.js";
import { arg } from "./args.js";
import { defineCommand } from "./types.js";

export const httpsUrl = z
  .string()
  .refine((v) => {
    try {
      return new URL(v).protocol === "https:";
    } catch {
      return false;
    }
  }, "must be an https:// URL, e.g. https://app.example.com")
  .refine((v) => !URL.canParse(v) || !hasCredentials(v), CREDENTIALS_HINT);

export default defineCommand({
  name: "launch create",
  scope: "global",
  summary: "Create a launch from a checklist (you become its release manager)",
  usage: "launch create <name> --checklist <id> --date <YYYY-MM-DD|+14d> [--url <https-url>] [--tz <Area/City>] [--allow-past]",
  examples: [
    "launch create osce-prod --checklist django-osce --date +14d --tz Europe/London",
    "launch create lms --checklist django-lms --date 2027-01-15 --url https://lms.example.com",
  ],
  positionals: [{ name: "name" }],
  flags: { checklist: "string", date: "string", url: "string", tz: "string", "allow-past": "boolean" },
  args: z.object({
    name: arg.launchName,
    checklist: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, "is not a checklist id; see `checklist list`"),
    date: z
      .string()
      .refine((v) => isValidDate(v) || /^\+\d{1,3}[dw]$/i.test(v), "must be a date written YYYY-MM-DD (e.g. 2026-12-01) or from today (+14d, +2w)")
      .refine((v) => !isValidDate(v) || inDateRange(v), DATE_RANGE_MESSAGE),
    url: httpsUrl.optional(),
    tz: z.string().refine(isValidTimezone, "is not a timezone; use an IANA name like Europe/London or UTC").default("UTC"),
    "allow-past": z.boolean().default(false),
  }),
  async run(args, ctx) {
    const { db, clock } = ctx.services;
    const date = resolveLaunchDate(args.date, dateIn(args.tz, clock.now()), args["allow-past"]);
    const created = await createLaunch(
      db,
      { name: args.name, checklistId: args.checklist, launchDate: date, timezone: args.tz, url: args.url ?? null },
      ctx.actor,
      clock.now(),
    );
    return reply.ok(`Launch ${args.name} created.`, [
      { kind: "text", text: `Launch ${args.name} created from ${args.checklist}: ${created.itemCount} items in ${created.sectionCount} sections, launching ${date} (${args.tz}).` },
      ...(args.url ? [{ kind: "text" as const, text: `Audit target: ${args.url} (\`audit\` checks it; \`launch set\` adds paths, ports, a private CA).` }] : []),
      { kind: "text", text: `You are its release manager. Next: launch use ${args.name}, then status.` },
    ]);
  },
});
