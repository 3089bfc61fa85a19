// What golive posts about backups and drills, as neutral Replies (pure functions): the
// progress message (kept updated in place), its final state, and the owner's notice.
import type { Reply, ReplyBlock } from "../../render/reply.js";
import type { Launch } from "../launches/types.js";
import { formatAge, formatBytes, formatCount, formatDuration } from "./format.js";
import type { Backup, Drill } from "./types.js";

const post = (summary: string, blocks: ReplyBlock[]): Reply => ({ ok: true, visibility: "public", summary, blocks });

export const backupUpdateKey = (id: number) => `backup-${id}`;
export const drillUpdateKey = (id: number) => `drill-${id}`;

export function percent(done: number, total: number): string {
  if (total <= 0) return "";
  return ` (${Math.min(99, Math.floor((done / total) * 100))} %)`;
}

export function backupRunning(launch: Launch, backup: Backup, progress: { bytesIn: number | null; bytesOut: number; estimateBytes: number } | null): Reply {
  const heading = `Backup ${backup.id} of ${launch.name} is running`;
  const written = progress ? `${formatBytes(progress.bytesOut)} written (compressed and encrypted)` : "";
  const detail = !progress
    ? "Taking a snapshot of the database and counting its rows…"
    : progress.bytesIn === null
      ? `${written}; the dump is about ${formatBytes(progress.estimateBytes)} before compression.`
      : `${formatBytes(progress.bytesIn)} of about ${formatBytes(progress.estimateBytes)} read${percent(progress.bytesIn, progress.estimateBytes)}, ${written}.`;
  const short = !progress ? "starting" : progress.bytesIn === null ? `${formatBytes(progress.bytesOut)} written` : formatBytes(progress.bytesIn);
  return post(`${heading}: ${short}`, [
    { kind: "heading", text: heading },
    { kind: "text", text: `${detail} Started by ${backup.actor}.` },
  ]);
}

export function backupSucceeded(launch: Launch, backup: Backup, pruned: number[]): Reply {
  const m = backup.manifest!;
  const rows = m.tables.reduce((sum, t) => sum + t.rows, 0);
  const summary = `Backup ${backup.id} of ${launch.name} done: ${formatBytes(m.bytesIn)} → ${formatBytes(m.bytesOut)} encrypted in ${formatDuration(m.durationMs)}`;
  return post(summary, [
    { kind: "heading", text: `Backup ${backup.id} of ${launch.name} done` },
    {
      kind: "fields",
      fields: [
        { label: "Database", value: `${m.source.database} (${formatBytes(m.source.sizeBytes)}), PostgreSQL ${m.source.serverVersion}, pg_dump ${m.pgDumpVersion}` },
        { label: "Dump → artifact", value: `${formatBytes(m.bytesIn)} → ${formatBytes(m.bytesOut)} (${m.compression.algorithm}, ${m.cipher.algorithm} ${m.cipher.format})` },
        { label: "Took", value: formatDuration(m.durationMs) },
        { label: "Rows", value: `${formatCount(rows)} in ${m.tables.length} tables` },
        { label: "sha256", value: m.sha256 },
        { label: "Stored at", value: m.locations.map((l) => l.uri).join("\n") },
        { label: "Retention", value: pruned.length ? `pruned ${pruned.map((id) => `backup ${id}`).join(", ")}` : "nothing to prune" },
      ],
    },
    { kind: "actions", actions: [{ label: "Manifest", command: `backup show ${backup.id} --launch ${launch.name}` }, { label: "Drill it", command: `backup drill ${backup.id} --launch ${launch.name}` }] },
  ]);
}

export function backupFailed(launch: Launch, backup: Backup, reason: string, lastGood: Backup | null, now: Date): Reply {
  const summary = `Backup ${backup.id} of ${launch.name} FAILED: ${reason}`;
  return post(summary, [
    { kind: "heading", text: `Backup ${backup.id} of ${launch.name} failed` },
    { kind: "text", text: reason },
    {
      kind: "text",
      text: `Nothing of it was kept (no artifact, partial files removed or uploads aborted). ${lastGood ? `Last good backup: ${formatAge(lastGood.finishedAt!, now)} (backup ${lastGood.id}).` : "There is no good backup yet."}`,
    },
    { kind: "actions", actions: [{ label: "Backups", command: `backup list --launch ${launch.name}` }, { label: "Policy", command: `backup policy --launch ${launch.name}` }] },
  ]);
}

export function drillRunning(launch: Launch, drill: Drill, phase: string): Reply {
  const heading = `Restore drill ${drill.id} of ${launch.name} (backup ${drill.backupId}) is running`;
  return post(`${heading}: ${phase}`, [
    { kind: "heading", text: heading },
    { kind: "text", text: `${phase} Started by ${drill.actor}.` },
  ]);
}

export function drillFinished(launch: Launch, drill: Drill, targets: { rtoMinutes: number; rpoMinutes: number }): Reply {
  const passed = drill.status === "passed";
  const rows = drill.tables.reduce((sum, t) => sum + (t.restored ?? 0), 0);
  const differ = drill.tables.filter((t) => t.expected !== t.restored);
  const heading = `Restore drill ${drill.id} of ${launch.name} (backup ${drill.backupId}) ${passed ? "passed" : "FAILED"}`;
  const blocks: ReplyBlock[] = [{ kind: "heading", text: heading }];
  if (drill.error) blocks.push({ kind: "text", text: drill.error });
  if (differ.length > 0) {
    blocks.push({ kind: "text", text: differ.slice(0, 20).map((t) => `• ${t.table}: ${t.expected ?? "missing"} in the manifest, ${t.restored ?? "missing"} restored`).join("\n") });
  }
  const fields = [
    { label: "Tables", value: passed ? `${drill.tables.length} tables, ${formatCount(rows)} rows, all equal to the manifest` : `${differ.length} of ${drill.tables.length} differ` },
  ];
  if (drill.rtoMs !== null) fields.push({ label: "RTO (restore time)", value: `${formatDuration(drill.rtoMs)} (target ${formatDuration(targets.rtoMinutes * 60_000)})` });
  if (drill.rpoMs !== null) fields.push({ label: "RPO (newest good backup's age)", value: `${formatDuration(drill.rpoMs)} (target ${formatDuration(targets.rpoMinutes * 60_000)})` });
  blocks.push({ kind: "fields", fields });
  return post(`${heading}${drill.error ? `: ${drill.error}` : ""}`, blocks);
}

export function ownerNotice(launch: Launch, what: string, reason: string, refs: string[]): Reply {
  const text = `${what} on ${launch.name}: ${reason}`;
  return post(text, [
    { kind: "text", text },
    { kind: "text", text: `You own the backup item(s) ${refs.join(", ")}: until a backup and a drill pass again, they are not proven.` },
    { kind: "actions", actions: [{ label: "Backups", command: `backup list --launch ${launch.name}` }] },
  ]);
}
