import { z } from "zod";
import { formatBytes, formatCount, formatDuration } from "../src/domain/backup/format.js";
import { GoliveError } from "../src/errors.js";
import { reply } from "../src/render/reply.js";
import { backupsRepo } from "../src/storage/backups-repo.js";
import { drillWords } from "./backup-present.js";
import { defineCommand } from "./types.js";

const TABLES_SHOWN = 30;

export default defineCommand({
  name: "backup show",
  scope: "launch",
  role: "viewer",
  summary: "One backup's manifest: source, versions, times, sizes, sha256, rows per table, compression and cipher",
  usage: "backup show <id> [--json]",
  examples: ["backup show 12", "backup show 12 --json"],
  positionals: [{ name: "id" }],
  flags: { json: "boolean" },
  args: z.object({ id: z.coerce.number({ error: "must be a backup number, e.g. 12" }).int().positive(), json: z.boolean().default(false) }),
  async run({ id, json }, ctx) {
    const { db, clock } = ctx.services;
    const backup = await backupsRepo.byId(db, ctx.launch.id, id);
    if (!backup) throw new GoliveError("not_found", `${ctx.launch.name} has no backup ${id}.`, "See them with: backup list");
    const m = backup.manifest;
    if (json) return { ...reply.ok(`backup ${id}`, [{ kind: "text", text: JSON.stringify(m ?? { backup: id, status: backup.status, error: backup.error }, null, 2) }]), format: "json" };
    if (!m) {
      return reply.ok(`Backup ${id}: ${backup.status}`, [
        { kind: "heading", text: `Backup ${id} of ${ctx.launch.name}: ${backup.status}` },
        { kind: "text", text: backup.error ?? "It has no manifest: only good backups have one." },
      ]);
    }
    const drill = (await backupsRepo.drills(db, ctx.launch.id, 500)).find((d) => d.backupId === id);
    const rows = m.tables.reduce((sum, t) => sum + t.rows, 0);
    const tableLines = m.tables.slice(0, TABLES_SHOWN).map((t) => `${t.table}: ${formatCount(t.rows)}`);
    if (m.tables.length > TABLES_SHOWN) tableLines.push(`… ${m.tables.length - TABLES_SHOWN} more — backup show ${id} --json`);
    return reply.ok(`Backup ${id} of ${ctx.launch.name}`, [
      { kind: "heading", text: `Backup ${id} of ${ctx.launch.name} (${backup.status})` },
      {
        kind: "fields",
        fields: [
          { label: "Artifact", value: m.artifact },
          { label: "Stored at", value: m.locations.map((l) => l.uri).join("\n") },
          { label: "Source", value: `${m.source.database} (${formatBytes(m.source.sizeBytes)}), PostgreSQL ${m.source.serverVersion}, pg_dump ${m.pgDumpVersion}` },
          { label: "Started / finished", value: `${m.startedAt} / ${m.finishedAt} (${formatDuration(m.durationMs)})` },
          { label: "Bytes in / out", value: `${formatBytes(m.bytesIn)} / ${formatBytes(m.bytesOut)}` },
          { label: "sha256", value: m.sha256 },
          { label: "Compression", value: `${m.compression.algorithm} level ${m.compression.level}` },
          { label: "Cipher", value: `${m.cipher.format} ${m.cipher.packets}, ${m.cipher.algorithm}, S2K ${m.cipher.s2k}` },
          { label: "Drill", value: drillWords(drill, clock.now()) },
          { label: "Rows", value: `${formatCount(rows)} in ${m.tables.length} tables` },
        ],
      },
      { kind: "text", text: tableLines.join("\n") },
    ]);
  },
});
