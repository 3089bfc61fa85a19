import { z } from "zod";
import { inspectLogFiles } from "../src/domain/digest/read-files.js";
import { logSourceSpec } from "../src/domain/digest/build.js";
import { describeSource, type DigestSource, logsConfigFrom, sentryConfigFrom } from "../src/domain/digest/sources.js";
import { GoliveError } from "../src/errors.js";
import { reply } from "../src/render/reply.js";
import { digestRepo } from "../src/storage/digest-repo.js";
import { eventsRepo } from "../src/storage/events-repo.js";
import { defineCommand, type LaunchContext, type Token } from "./types.js";

const NAME = /^[a-z0-9][a-z0-9_-]{0,39}$/;

export default defineCommand({
  name: "digest source",
  scope: "launch",
  role: "release-manager",
  summary: "Add logs (nginx, gunicorn, Django, JSON lines; globs; local shell) or a Sentry project to the digest; remove a source",
  usage:
    "digest source remove <name>  |  digest source add <logs|nginx|gunicorn|django|jsonl|access|nginx-error|gunicorn-error> <path or glob>… [--format F] [--tz Zone] [--latency-unit s|ms|us] [--fields time=ts,status=code] [--name N]  |  digest source add sentry --org O --project P --token-env VAR [--url https://sentry.io]",
  examples: [
    "digest source add nginx /var/log/nginx/access.log* /var/log/nginx/error.log*",
    "digest source add gunicorn /var/log/gunicorn/*.log",
    "digest source add jsonl /srv/app/logs/app.jsonl --fields time=ts,status=http.status,path=http.path,latency=duration_ms --latency-unit ms",
    "digest source add sentry --org acme --project osce --token-env SENTRY_TOKEN",
    "digest source remove sentry",
  ],
  positionals: [{ name: "action" }, { name: "kind" }, { name: "paths", kind: "tokens" }],
  flags: { format: "string", tz: "string", "latency-unit": "string", fields: "string", name: "string", org: "string", project: "string", "token-env": "string", url: "string" },
  args: z.object({
    action: z.enum(["add", "remove"], { error: "is add or remove" }),
    kind: z.string({ error: "is missing: the kind of source (nginx, gunicorn, django, jsonl, logs, sentry), or for remove its name" }).min(1),
    paths: z.array(z.custom<Token>()).default([]),
    format: z.string().optional(),
    tz: z.string().optional(),
    "latency-unit": z.string().optional(),
    fields: z.string().optional(),
    name: z.string().regex(NAME, "use 1–40 lowercase letters, digits, - and _").optional(),
    org: z.string().optional(),
    project: z.string().optional(),
    "token-env": z.string().optional(),
    url: z.string().optional(),
  }),
  async run(args, ctx) {
    if (args.action === "remove") {
      if (args.paths.length > 0) throw new GoliveError("usage", `Unexpected "${args.paths[0]!.value}".`, "Usage: digest source remove <name>");
      return removeSource(args.kind, ctx);
    }
    const { db, clock } = ctx.services;
    const { launch } = ctx;
    let source: Omit<DigestSource, "id">;
    if (args.kind === "sentry") {
      if (args.paths.length > 0) throw new GoliveError("usage", "A Sentry source takes no paths.", "e.g. digest source add sentry --org acme --project osce --token-env SENTRY_TOKEN");
      source = { name: args.name ?? "sentry", kind: "sentry", config: sentryConfigFrom({ url: args.url, org: args.org, project: args.project, tokenEnv: args["token-env"] }) };
    } else {
      if (ctx.actor.surface !== "shell") {
        throw new GoliveError("forbidden", "Log files can only be added from the local shell (`npx golive shell`), not from chat: golive reads them on the machine it runs on.", "A Sentry project can be added from here: digest source add sentry --org … --project … --token-env …");
      }
      const config = logsConfigFrom({ kind: args.kind, patterns: args.paths.map((t) => t.value), format: args.format, timezone: args.tz, latencyUnit: args["latency-unit"], fields: args.fields });
      source = { name: args.name ?? args.kind, kind: "logs", config };
      const files = await inspectLogFiles(logSourceSpec({ name: source.name, config }, launch.timezone));
      const found = files.map((f) => `${f.path} (${f.format})`);
      const added = await store();
      return reply.ok(`Digest source ${added.name} added to ${launch.name}: ${describeSource(added)}`, [
        { kind: "text", text: `Digest source ${added.name} added to ${launch.name}: ${describeSource(added)}` },
        { kind: "text", text: found.length > 0 ? `Files now: ${found.slice(0, 10).join(", ")}${found.length > 10 ? ` … ${found.length - 10} more` : ""}` : "The files are empty so far." },
      ]);
    }
    const added = await store();
    return reply.ok(`Digest source ${added.name} added to ${launch.name}: ${describeSource(added)}`);

    async function store(): Promise<DigestSource> {
      return db.transaction(async (tx) => {
        const existing = await digestRepo.sources(tx, launch.id);
        if (existing.some((s) => s.name === source.name)) {
          throw new GoliveError("conflict", `${launch.name} already has a digest source named ${source.name}.`, `Give another --name, or remove it first: digest source remove ${source.name}`);
        }
        const added = await digestRepo.addSource(tx, launch.id, source, ctx.actor.id, clock.now());
        await eventsRepo.append(tx, {
          launchId: launch.id,
          itemKey: null,
          kind: "digest.source.added",
          actor: ctx.actor.id,
          surface: ctx.actor.surface,
          at: clock.now(),
          before: null,
          after: { name: added.name, kind: added.kind, config: added.config },
          note: describeSource(added),
        });
        return added;
      });
    }
  },
});

async function removeSource(name: string, ctx: LaunchContext) {
  const { db, clock } = ctx.services;
  const { launch } = ctx;
  const removed = await db.transaction(async (tx) => {
    const source = await digestRepo.removeSource(tx, launch.id, name);
    if (!source) throw new GoliveError("not_found", `${launch.name} has no digest source named ${name}.`, "See them with: digest sources");
    await eventsRepo.append(tx, {
      launchId: launch.id,
      itemKey: null,
      kind: "digest.source.removed",
      actor: ctx.actor.id,
      surface: ctx.actor.surface,
      at: clock.now(),
      before: { name: source.name, kind: source.kind, config: source.config },
      after: null,
      note: describeSource(source),
    });
    return source;
  });
  return reply.ok(`Digest source ${removed.name} removed from ${launch.name}.`);
}
