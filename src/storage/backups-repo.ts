import type { ArtifactLocation, Backup, Drill, DrillTable, Manifest } from "../domain/backup/types.js";
import type { Queryable, Row } from "./database.js";

const toBackup = (r: Row): Backup => ({
  id: r.id as number,
  launchId: r.launch_id as number,
  jobRunId: (r.job_run_id as number | null) ?? null,
  status: r.status as Backup["status"],
  actor: r.actor as string,
  surface: r.surface as Backup["surface"],
  startedAt: r.started_at as Date,
  finishedAt: (r.finished_at as Date | null) ?? null,
  name: r.name as string,
  locations: (r.locations as ArtifactLocation[]) ?? [],
  bytesIn: (r.bytes_in as number | null) ?? null,
  bytesOut: (r.bytes_out as number | null) ?? null,
  sha256: (r.sha256 as string | null) ?? null,
  manifest: (r.manifest as Manifest | null) ?? null,
  error: (r.error as string | null) ?? null,
});

const toDrill = (r: Row): Drill => ({
  id: r.id as number,
  launchId: r.launch_id as number,
  backupId: r.backup_id as number,
  jobRunId: (r.job_run_id as number | null) ?? null,
  status: r.status as Drill["status"],
  actor: r.actor as string,
  surface: r.surface as Drill["surface"],
  startedAt: r.started_at as Date,
  finishedAt: (r.finished_at as Date | null) ?? null,
  rtoMs: (r.rto_ms as number | null) ?? null,
  rpoMs: (r.rpo_ms as number | null) ?? null,
  tables: (r.tables as DrillTable[]) ?? [],
  error: (r.error as string | null) ?? null,
});

export interface NewBackup {
  launchId: number;
  jobRunId: number | null;
  actor: string;
  surface: string;
  startedAt: Date;
  name: string;
}

export const backupsRepo = {
  async insert(db: Queryable, b: NewBackup): Promise<Backup> {
    const [row] = await db.query(
      "insert into backups (launch_id, job_run_id, actor, surface, started_at, name) values ($1, $2, $3, $4, $5, $6) returning *",
      [b.launchId, b.jobRunId, b.actor, b.surface, b.startedAt, b.name],
    );
    return toBackup(row!);
  },
  async rename(db: Queryable, id: number, name: string) {
    await db.query("update backups set name = $2 where id = $1", [id, name]);
  },
  async markGood(db: Queryable, id: number, m: Manifest, finishedAt: Date) {
    await db.query(
      `update backups set status = 'good', finished_at = $2, locations = $3, bytes_in = $4, bytes_out = $5, sha256 = $6, manifest = $7
       where id = $1 and status = 'running'`,
      [id, finishedAt, JSON.stringify(m.locations), m.bytesIn, m.bytesOut, m.sha256, JSON.stringify(m)],
    );
  },
  /** Marks a running backup failed; false when it was no longer running (already recorded). */
  async markFailed(db: Queryable, id: number, error: string, finishedAt: Date): Promise<boolean> {
    const rows = await db.query("update backups set status = 'failed', finished_at = $2, error = $3 where id = $1 and status = 'running' returning id", [
      id,
      finishedAt,
      error,
    ]);
    return rows.length > 0;
  },
  async markPruned(db: Queryable, id: number) {
    await db.query("update backups set status = 'pruned' where id = $1 and status = 'good'", [id]);
  },
  async byId(db: Queryable, launchId: number, id: number): Promise<Backup | null> {
    const [row] = await db.query("select * from backups where launch_id = $1 and id = $2", [launchId, id]);
    return row ? toBackup(row) : null;
  },
  async list(db: Queryable, launchId: number, opts: { status?: Backup["status"]; limit?: number } = {}): Promise<Backup[]> {
    const rows = await db.query(
      `select * from backups where launch_id = $1 ${opts.status ? "and status = $2" : ""} order by id desc ${opts.limit ? `limit ${Math.trunc(opts.limit)}` : ""}`,
      opts.status ? [launchId, opts.status] : [launchId],
    );
    return rows.map(toBackup);
  },
  async newestGood(db: Queryable, launchId: number): Promise<Backup | null> {
    const [row] = await db.query("select * from backups where launch_id = $1 and status = 'good' order by finished_at desc, id desc limit 1", [launchId]);
    return row ? toBackup(row) : null;
  },
  async running(db: Queryable, launchId: number): Promise<Backup | null> {
    const [row] = await db.query("select * from backups where launch_id = $1 and status = 'running' order by id limit 1", [launchId]);
    return row ? toBackup(row) : null;
  },
  /** Running backups and drills whose job run is over (its replica died or it was marked failed). */
  async abandoned(db: Queryable, launchId: number): Promise<{ backups: Backup[]; drills: Drill[] }> {
    const over = "(job_run_id is null or job_run_id in (select id from job_runs where outcome <> 'running'))";
    const backups = await db.query(`select * from backups where launch_id = $1 and status = 'running' and ${over}`, [launchId]);
    const drills = await db.query(`select * from backup_drills where launch_id = $1 and status = 'running' and ${over}`, [launchId]);
    return { backups: backups.map(toBackup), drills: drills.map(toDrill) };
  },
  async insertDrill(db: Queryable, d: { launchId: number; backupId: number; jobRunId: number | null; actor: string; surface: string; startedAt: Date }): Promise<Drill> {
    const [row] = await db.query(
      "insert into backup_drills (launch_id, backup_id, job_run_id, actor, surface, started_at) values ($1, $2, $3, $4, $5, $6) returning *",
      [d.launchId, d.backupId, d.jobRunId, d.actor, d.surface, d.startedAt],
    );
    return toDrill(row!);
  },
  async finishDrill(
    db: Queryable,
    id: number,
    f: { status: "passed" | "failed"; finishedAt: Date; rtoMs: number | null; rpoMs: number | null; tables: DrillTable[]; error: string | null },
  ): Promise<boolean> {
    const rows = await db.query(
      `update backup_drills set status = $2, finished_at = $3, rto_ms = $4, rpo_ms = $5, tables = $6, error = $7
       where id = $1 and status = 'running' returning id`,
      [id, f.status, f.finishedAt, f.rtoMs, f.rpoMs, JSON.stringify(f.tables), f.error],
    );
    return rows.length > 0;
  },
  async drills(db: Queryable, launchId: number, limit = 50): Promise<Drill[]> {
    const rows = await db.query(`select * from backup_drills where launch_id = $1 order by id desc limit ${Math.trunc(limit)}`, [launchId]);
    return rows.map(toDrill);
  },
  async drillById(db: Queryable, launchId: number, id: number): Promise<Drill | null> {
    const [row] = await db.query("select * from backup_drills where launch_id = $1 and id = $2", [launchId, id]);
    return row ? toDrill(row) : null;
  },
};
