import { z } from "zod";
import { syncLaunch } from "../src/domain/launches/launches.js";
import { reply } from "../src/render/reply.js";
import { defineCommand } from "./types.js";

const listed = (label: string, rows: { ref: string; text: string }[]) =>
  rows.length === 0 ? [] : [`${label}:`, ...rows.slice(0, 20).map((r) => `  ${r.ref}  ${r.text}`), ...(rows.length > 20 ? [`  … ${rows.length - 20} more`] : [])];

export default defineCommand({
  name: "launch sync",
  scope: "launch",
  role: "release-manager",
  summary: "Re-apply the launch's (edited) checklist: keeps the state of unchanged items, adds new ones, archives removed ones",
  usage: "launch sync [--launch <name>]",
  examples: ["launch sync"],
  args: z.object({}),
  async run(_args, { launch, services, actor }) {
    const r = await syncLaunch(services.db, launch, actor, services.clock.now());
    const summary = `Synced ${launch.name} with ${launch.checklistId}: ${r.added.length} added, ${r.removed.length} archived, ${r.changed.length} changed, ${r.kept} kept.`;
    const lines = [...listed("Added", r.added), ...listed("Archived", r.removed), ...listed("Changed", r.changed)];
    return reply.ok(summary, [{ kind: "text", text: summary }, ...(lines.length ? [{ kind: "text" as const, text: lines.join("\n") }] : [])]);
  },
});
