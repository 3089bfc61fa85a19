import { peopleRepo } from "../src/storage/people-repo.js";
import { z } from "zod";
import { ingestCheckDeploy } from "../src/domain/audit/audit-service.js";
import { GoliveError } from "../src/errors.js";
import { reply } from "../src/render/reply.js";
import { readLocalTextFile } from "./local-file.js";
import { runReply } from "./audit-present.js";
import { defineCommand } from "./types.js";

export default defineCommand({
  name: "audit ingest",
  scope: "launch",
  role: "member",
  summary: "Record the output of `python manage.py check --deploy`, alone or inside a CI log (a file in the shell, or pasted with --text)",
  usage: 'audit ingest check-deploy <file> | audit ingest check-deploy --text "<output>"',
  examples: ["audit ingest check-deploy check-deploy.txt", 'audit ingest check-deploy --text "System check identified no issues (0 silenced)."'],
  positionals: [{ name: "kind" }, { name: "file" }],
  flags: { text: "string" },
  args: z.object({
    kind: z.literal("check-deploy", { error: "golive reads `check-deploy` reports: audit ingest check-deploy <file>" }),
    file: z.string().optional(),
    text: z.string().optional(),
  }),
  async run({ file, text }, ctx) {
    if ((file === undefined) === (text === undefined)) {
      throw new GoliveError("usage", "Give the check --deploy output either as a file or with --text, not both.", 'audit ingest check-deploy report.txt, or audit ingest check-deploy --text "…"');
    }
    const output = text ?? (await readLocalTextFile(ctx, file!, "the check --deploy output", 'Paste it instead: audit ingest check-deploy --text "…"'));
    const { db, clock } = ctx.services;
    const outcome = await ingestCheckDeploy(db, ctx.launch, output, { trigger: "ingest", actor: ctx.actor, at: clock.now() });
    if (!outcome.ok) {
      // A file is not echoed back: it may not be what the command expects (only the line number is shown).
      const why = file !== undefined && outcome.text !== undefined ? outcome.error.replace(`: "${outcome.text.trim()}"`, "") : outcome.error;
      return reply.error(`The check --deploy output was not recorded: ${why}`, "Give the complete output of `python manage.py check --deploy`; a CI log around it is fine (GitHub Actions timestamps and docker compose prefixes are removed).", "invalid");
    }
    return runReply(outcome.run, ctx.launch, await peopleRepo.names(ctx.services.db, [outcome.run.actor]));
  },
});
