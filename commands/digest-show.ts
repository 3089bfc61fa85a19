import { z } from "zod";
import { localStampOf } from "../src/domain/digest/format-time.js";
import { shortGroupId } from "../src/domain/digest/fingerprint.js";
import { GoliveError } from "../src/errors.js";
import type { ReplyBlock } from "../src/render/reply.js";
import { digestRepo } from "../src/storage/digest-repo.js";
import { defineCommand } from "./types.js";

export default defineCommand({
  name: "digest show",
  scope: "launch",
  role: "viewer",
  summary: "One error group of the digest: sample lines, where they were found, one full traceback",
  usage: "digest show <group>",
  examples: ["digest show 3f2a91c0"],
  positionals: [{ name: "group" }],
  args: z.object({ group: z.string().regex(/^[0-9a-f]{4,32}$/i, "is the group id the digest shows, e.g. 3f2a91c0") }),
  async run({ group }, ctx) {
    const { launch } = ctx;
    const found = await digestRepo.groupsByPrefix(ctx.services.db, launch.id, group.toLowerCase());
    if (found.length === 0) throw new GoliveError("not_found", `${launch.name} has no error group ${group}.`, "The digest lists the groups with their ids: digest");
    if (found.length > 1) {
      throw new GoliveError("ambiguous", `${group} starts several groups' ids.`, "Give more of the id.", found.map((g) => `${shortGroupId(g.fingerprint)} ${g.type}: ${g.message}`));
    }
    const g = found[0]!;
    const tz = launch.timezone;
    const blocks: ReplyBlock[] = [
      { kind: "heading", text: `${g.type}: ${g.message}`.slice(0, 150) },
      {
        kind: "fields",
        fields: [
          { label: "Group", value: shortGroupId(g.fingerprint) },
          { label: "Where", value: g.culprit ?? "–" },
          { label: "First seen", value: localStampOf(g.firstSeen, tz) },
          { label: "Last seen", value: localStampOf(g.lastSeen, tz) },
          ...(g.sentry ? [{ label: "Sentry", value: `${g.sentry.shortId}${g.sentry.permalink ? ` ${g.sentry.permalink}` : ""}` }] : []),
        ],
      },
      { kind: "text", text: `*Samples*\n${g.samples.map((s) => `${s.where}: ${s.text}`).join("\n") || "–"}` },
    ];
    if (g.traceback) blocks.push({ kind: "text", text: `*Traceback*\n\`\`\`\n${g.traceback}\n\`\`\`` });
    return { ok: true, visibility: ctx.public ? "public" : "ephemeral", summary: `${g.type}: ${g.message}`, blocks };
  },
});
