// What a backup and a restore drill leave behind, as golive's database keeps them.
import type { Surface } from "../launches/types.js";

export type BackupStatus = "running" | "good" | "failed" | "pruned";

export interface TableCount {
  /** `schema.table`, as restored. */
  table: string;
  rows: number;
}

/** The facts of one artifact, stored in the database and as `<name>.manifest.json` beside it. */
export interface Manifest {
  backup: number;
  launch: string;
  artifact: string;
  source: { database: string; sizeBytes: number; serverVersion: string };
  pgDumpVersion: string;
  format: "pg_dump custom (-Fc, uncompressed)";
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  bytesIn: number;
  bytesOut: number;
  sha256: string;
  tables: TableCount[];
  compression: { algorithm: "zstd" | "gzip"; level: number };
  /** Read back from the first bytes written, not assumed. */
  cipher: OpenPgpHeader;
  locations: ArtifactLocation[];
}

export interface OpenPgpHeader {
  format: "OpenPGP";
  /** e.g. `SKESK v4 + SEIPD v1`. */
  packets: string;
  algorithm: string;
  s2k: string;
}

export interface ArtifactLocation {
  /** The destination as configured (`/var/backups/x`, `s3://bucket/prefix`). */
  destination: string;
  /** Where this artifact is: a file path or `s3://bucket/key`. */
  uri: string;
}

export interface Backup {
  id: number;
  launchId: number;
  jobRunId: number | null;
  status: BackupStatus;
  actor: string;
  surface: Surface;
  startedAt: Date;
  finishedAt: Date | null;
  name: string;
  locations: ArtifactLocation[];
  bytesIn: number | null;
  bytesOut: number | null;
  sha256: string | null;
  manifest: Manifest | null;
  error: string | null;
}

export type DrillStatus = "running" | "passed" | "failed";

export interface DrillTable {
  table: string;
  expected: number | null;
  restored: number | null;
}

export interface Drill {
  id: number;
  launchId: number;
  backupId: number;
  jobRunId: number | null;
  status: DrillStatus;
  actor: string;
  surface: Surface;
  startedAt: Date;
  finishedAt: Date | null;
  rtoMs: number | null;
  rpoMs: number | null;
  tables: DrillTable[];
  error: string | null;
}
