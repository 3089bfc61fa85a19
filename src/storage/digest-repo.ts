import type { DigestReport, Figures, GroupSummary } from "../domain/digest/report.js";
import { type DigestSource, logsConfigSchema, sentryConfigSchema } from "../domain/digest/sources.js";
import type { Queryable, Row } from "./database.js";

const toSource = (r: Row): DigestSource =>
  r.kind === "sentry"
    ? { id: r.id as number, name: r.name as string, kind: "sentry", config: sentryConfigSchema.parse(r.config) }
    : { id: r.id as number, name: r.name as string, kind: "logs", config: logsConfigSchema.parse(r.config) };

export interface StoredGroup {
  fingerprint: string;
  type: string;
  message: string;
  culprit: string | null;
  firstSeen: Date;
  lastSeen: Date;
  samples: { text: string; where: string }[];
  traceback: string | null;
  sentry: GroupSummary["sentry"];
}

const toGroup = (r: Row): StoredGroup => ({
  fingerprint: r.fingerprint as string,
  type: r.type as string,
  message: r.message as string,
  culprit: (r.culprit as string | null) ?? null,
  firstSeen: r.first_seen as Date,
  lastSeen: r.last_seen as Date,
  samples: (r.samples as StoredGroup["samples"]) ?? [],
  traceback: (r.traceback as string | null) ?? null,
  sentry: (r.sentry as GroupSummary["sentry"]) ?? null,
});

export interface StoredDigest {
  id: number;
  kind: "daily" | "on-demand" | "baseline";
  from: Date;
  to: Date;
  createdAt: Date;
  figures: Figures;
  report: DigestReport;
}

const toDigest = (r: Row): StoredDigest => ({
  id: r.id as number,
  kind: r.kind as StoredDigest["kind"],
  from: r.window_from as Date,
  to: r.window_to as Date,
  createdAt: r.created_at as Date,
  figures: r.figures as Figures,
  report: r.report as DigestReport,
});

export const digestRepo = {
  async sources(db: Queryable, launchId: number): Promise<DigestSource[]> {
    const rows = await db.query("select * from digest_sources where launch_id = $1 order by id", [launchId]);
    return rows.map(toSource);
  },
  async addSource(db: Queryable, launchId: number, source: Omit<DigestSource, "id">, by: string, at: Date): Promise<DigestSource> {
    const [row] = await db.query(
      `insert into digest_sources (launch_id, name, kind, config, created_by, created_at) values ($1, $2, $3, $4, $5, $6)
       on conflict (launch_id, name) do nothing returning *`,
      [launchId, source.name, source.kind, JSON.stringify(source.config), by, at],
    );
    return row ? toSource(row) : Promise.reject(new Error(`source ${source.name} exists`));
  },
  async removeSource(db: Queryable, launchId: number, name: string): Promise<DigestSource | null> {
    const [row] = await db.query("delete from digest_sources where launch_id = $1 and name = $2 returning *", [launchId, name]);
    return row ? toSource(row) : null;
  },
  async groups(db: Queryable, launchId: number, fingerprints: string[]): Promise<Map<string, StoredGroup>> {
    if (fingerprints.length === 0) return new Map();
    const rows = await db.query("select * from digest_groups where launch_id = $1 and fingerprint = any($2::text[])", [launchId, fingerprints]);
    return new Map(rows.map((r) => [r.fingerprint as string, toGroup(r)]));
  },
  /** Groups whose fingerprint starts with `prefix` (what `digest show` takes). */
  async groupsByPrefix(db: Queryable, launchId: number, prefix: string): Promise<StoredGroup[]> {
    const rows = await db.query("select * from digest_groups where launch_id = $1 and fingerprint like $2 order by last_seen desc limit 5", [launchId, `${prefix}%`]);
    return rows.map(toGroup);
  },
  /** Records a group seen in a window: the earliest first-seen and latest last-seen win; samples are refreshed. */
  async upsertGroup(db: Queryable, launchId: number, g: StoredGroup) {
    await db.query(
      `insert into digest_groups (launch_id, fingerprint, type, message, culprit, first_seen, last_seen, samples, traceback, sentry)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       on conflict (launch_id, fingerprint) do update set
         first_seen = least(digest_groups.first_seen, excluded.first_seen),
         last_seen = greatest(digest_groups.last_seen, excluded.last_seen),
         samples = excluded.samples,
         traceback = coalesce(excluded.traceback, digest_groups.traceback),
         sentry = coalesce(excluded.sentry, digest_groups.sentry)`,
      [launchId, g.fingerprint, g.type, g.message, g.culprit, g.firstSeen, g.lastSeen, JSON.stringify(g.samples), g.traceback, g.sentry ? JSON.stringify(g.sentry) : null],
    );
  },
  async insertDigest(db: Queryable, launchId: number, d: Omit<StoredDigest, "id">): Promise<number> {
    const [row] = await db.query<{ id: number }>(
      `insert into digests (launch_id, kind, window_from, window_to, created_at, figures, report) values ($1, $2, $3, $4, $5, $6, $7) returning id`,
      [launchId, d.kind, d.from, d.to, d.createdAt, JSON.stringify(d.figures), JSON.stringify(d.report)],
    );
    return row!.id;
  },
  async baseline(db: Queryable, launchId: number): Promise<StoredDigest | null> {
    const [row] = await db.query("select * from digests where launch_id = $1 and kind = 'baseline' order by id desc limit 1", [launchId]);
    return row ? toDigest(row) : null;
  },
  async latest(db: Queryable, launchId: number, kinds: StoredDigest["kind"][] = ["daily", "on-demand"]): Promise<StoredDigest | null> {
    const [row] = await db.query("select * from digests where launch_id = $1 and kind = any($2::text[]) order by window_to desc, id desc limit 1", [launchId, kinds]);
    return row ? toDigest(row) : null;
  },
  async count(db: Queryable, launchId: number, kind: StoredDigest["kind"]): Promise<number> {
    const [row] = await db.query<{ n: number }>("select count(*)::int as n from digests where launch_id = $1 and kind = $2", [launchId, kind]);
    return row?.n ?? 0;
  },
};
