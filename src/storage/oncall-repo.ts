import type { Queryable, Row } from "./database.js";

export interface Shift {
  person: string;
  from: Date;
  to: Date;
}

export interface Rotation {
  launchId: number;
  name: string;
  kind: "cycle" | "calendar";
  members: string[];
  periodDays: number | null;
  handoffDay: number | null;
  handoffTime: string | null;
  anchorDate: string | null;
  shifts: Shift[];
  source: string | null;
  updatedBy: string;
  updatedAt: Date;
}

export interface Override {
  id: number;
  rotation: string;
  person: string;
  startsAt: Date;
  endsAt: Date;
  createdBy: string;
  createdAt: Date;
}

const toRotation = (r: Row): Rotation => ({
  launchId: r.launch_id as number,
  name: r.name as string,
  kind: r.kind as Rotation["kind"],
  members: r.members as string[],
  periodDays: (r.period_days as number | null) ?? null,
  handoffDay: (r.handoff_day as number | null) ?? null,
  handoffTime: (r.handoff_time as string | null) ?? null,
  anchorDate: (r.anchor_date as string | null) ?? null,
  shifts: ((r.shifts as { person: string; from: string; to: string }[]) ?? []).map((s) => ({ person: s.person, from: new Date(s.from), to: new Date(s.to) })),
  source: (r.source as string | null) ?? null,
  updatedBy: r.updated_by as string,
  updatedAt: r.updated_at as Date,
});

const toOverride = (r: Row): Override => ({
  id: r.id as number,
  rotation: r.rotation as string,
  person: r.person as string,
  startsAt: r.starts_at as Date,
  endsAt: r.ends_at as Date,
  createdBy: r.created_by as string,
  createdAt: r.created_at as Date,
});

export const oncallRepo = {
  async save(db: Queryable, r: Rotation) {
    await db.query(
      `insert into oncall_rotations (launch_id, name, kind, members, period_days, handoff_day, handoff_time, anchor_date, shifts, source, updated_by, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
       on conflict (launch_id, name) do update set kind = excluded.kind, members = excluded.members, period_days = excluded.period_days,
         handoff_day = excluded.handoff_day, handoff_time = excluded.handoff_time, anchor_date = excluded.anchor_date,
         shifts = excluded.shifts, source = excluded.source, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      [r.launchId, r.name, r.kind, JSON.stringify(r.members), r.periodDays, r.handoffDay, r.handoffTime, r.anchorDate, JSON.stringify(r.shifts), r.source, r.updatedBy, r.updatedAt],
    );
  },
  async get(db: Queryable, launchId: number, name: string): Promise<Rotation | null> {
    const [row] = await db.query("select * from oncall_rotations where launch_id = $1 and name = $2", [launchId, name]);
    return row ? toRotation(row) : null;
  },
  async list(db: Queryable, launchId: number): Promise<Rotation[]> {
    const rows = await db.query("select * from oncall_rotations where launch_id = $1 order by name", [launchId]);
    return rows.map(toRotation);
  },
  async addOverride(db: Queryable, launchId: number, o: Omit<Override, "id">): Promise<Override> {
    const [row] = await db.query(
      `insert into oncall_overrides (launch_id, rotation, person, starts_at, ends_at, created_by, created_at)
       values ($1, $2, $3, $4, $5, $6, $7) returning *`,
      [launchId, o.rotation, o.person, o.startsAt, o.endsAt, o.createdBy, o.createdAt],
    );
    return toOverride(row!);
  },
  /** Overrides of a rotation that end after `from`, oldest first (a later one wins where they overlap). */
  async overrides(db: Queryable, launchId: number, rotation: string, from: Date): Promise<Override[]> {
    const rows = await db.query("select * from oncall_overrides where launch_id = $1 and rotation = $2 and ends_at > $3 order by id", [launchId, rotation, from]);
    return rows.map(toOverride);
  },
};
