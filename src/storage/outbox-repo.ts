import type { Reply } from "../render/reply.js";
import type { Queryable, Row } from "./database.js";

export type OutboxSurface = "slack" | "teams" | "shell" | "pagerduty";
export type OutboxKind = "post" | "update" | "dm";
export type OutboxStatus = "pending" | "sending" | "delivered" | "dead" | "superseded";

export interface OutboxMessage {
  id: number;
  launchId: number | null;
  surface: OutboxSurface;
  /** Channel / chat id; the user id for a direct message. */
  conversation: string;
  kind: OutboxKind;
  updateKey: string | null;
  payload: Reply;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: Date;
  leaseUntil: Date | null;
  lastError: string | null;
  platformRef: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

const toMessage = (r: Row): OutboxMessage => ({
  id: r.id as number,
  launchId: (r.launch_id as number | null) ?? null,
  surface: r.surface as OutboxSurface,
  conversation: r.conversation as string,
  kind: r.kind as OutboxKind,
  updateKey: (r.update_key as string | null) ?? null,
  payload: r.payload as Reply,
  status: r.status as OutboxStatus,
  attempts: r.attempts as number,
  nextAttemptAt: r.next_attempt_at as Date,
  leaseUntil: (r.lease_until as Date | null) ?? null,
  lastError: (r.last_error as string | null) ?? null,
  platformRef: (r.platform_ref as string | null) ?? null,
  createdAt: r.created_at as Date,
  deliveredAt: (r.delivered_at as Date | null) ?? null,
});

export interface NewOutboxMessage {
  launchId: number | null;
  surface: OutboxSurface;
  conversation: string;
  kind: OutboxKind;
  updateKey?: string | null;
  payload: Reply;
  at: Date;
}

export const outboxRepo = {
  async enqueue(db: Queryable, m: NewOutboxMessage): Promise<number> {
    // Only the newest state matters for an in-place update: older queued updates are dropped.
    if (m.kind === "update" && m.updateKey) {
      await db.query(
        `update outbox set status = 'superseded' where status = 'pending' and kind = 'update'
           and launch_id = $1 and update_key = $2 and surface = $3 and conversation = $4`,
        [m.launchId, m.updateKey, m.surface, m.conversation],
      );
    }
    const [row] = await db.query<{ id: number }>(
      `insert into outbox (launch_id, surface, conversation, kind, update_key, payload, next_attempt_at, created_at)
       values ($1, $2, $3, $4, $5, $6, $7, $7) returning id`,
      [m.launchId, m.surface, m.conversation, m.kind, m.updateKey ?? null, JSON.stringify(m.payload), m.at],
    );
    return row!.id;
  },
  /**
   * Claims up to `limit` due messages, each the oldest open one of its conversation, so a
   * conversation never gets message N+1 while N is still pending or being sent.
   */
  async claimDue(db: Queryable, opts: { now: Date; surfaces: OutboxSurface[]; replica: string; leaseMs: number; limit: number }): Promise<OutboxMessage[]> {
    const rows = await db.query(
      `update outbox set status = 'sending', attempts = attempts + 1, claimed_by = $3, lease_until = $4
       where id in (
         select o.id from outbox o
         where o.status = 'pending' and o.next_attempt_at <= $1 and o.surface = any($2::text[])
           and not exists (
             select 1 from outbox earlier
             where earlier.surface = o.surface and earlier.conversation = o.conversation
               and earlier.id < o.id and earlier.status in ('pending', 'sending'))
         order by o.id
         limit ${Math.trunc(opts.limit)}
         for update of o skip locked)
       returning *`,
      [opts.now, opts.surfaces, opts.replica, new Date(opts.now.getTime() + opts.leaseMs)],
    );
    return rows.map(toMessage).sort((a, b) => a.id - b.id);
  },
  /** Stores the platform's id and marks the message delivered in one statement. */
  async markDelivered(db: Queryable, id: number, platformRef: string, at: Date) {
    await db.query(
      "update outbox set status = 'delivered', platform_ref = $2, delivered_at = $3, lease_until = null, last_error = null where id = $1",
      [id, platformRef, at],
    );
  },
  async retryLater(db: Queryable, id: number, nextAttemptAt: Date, error: string) {
    await db.query("update outbox set status = 'pending', next_attempt_at = $2, last_error = $3, lease_until = null where id = $1", [
      id,
      nextAttemptAt,
      error,
    ]);
  },
  async markDead(db: Queryable, id: number, error: string) {
    await db.query("update outbox set status = 'dead', last_error = $2, lease_until = null where id = $1", [id, error]);
  },
  /**
   * Messages left in `sending` by a dispatcher that died (lease passed, or its replica known dead): with a platform id the post went
   * out (delivered); without one we cannot know, so it is sent again.
   */
  async reconcileAbandoned(db: Queryable, now: Date, deadReplicas: string[] = []): Promise<{ delivered: number; retried: number }> {
    const delivered = await db.query(
      `update outbox set status = 'delivered', delivered_at = coalesce(delivered_at, $1), lease_until = null
       where status = 'sending' and (lease_until < $1 or claimed_by = any($2::text[])) and platform_ref is not null returning id`,
      [now, deadReplicas],
    );
    const retried = await db.query(
      `update outbox set status = 'pending', next_attempt_at = $1, lease_until = null,
         last_error = coalesce(last_error, 'dispatcher stopped while sending')
       where status = 'sending' and (lease_until < $1 or claimed_by = any($2::text[])) and platform_ref is null returning id`,
      [now, deadReplicas],
    );
    return { delivered: delivered.length, retried: retried.length };
  },
  /** Re-queues dead messages (all of a launch, or one id); returns how many. */
  async requeueDead(db: Queryable, launchId: number, now: Date, id?: number): Promise<number> {
    const rows = await db.query(
      `update outbox set status = 'pending', attempts = 0, next_attempt_at = $2
       where status = 'dead' and launch_id = $1 ${id === undefined ? "" : "and id = $3"} returning id`,
      id === undefined ? [launchId, now] : [launchId, now, id],
    );
    return rows.length;
  },
  async list(db: Queryable, launchId: number, statuses: OutboxStatus[], limit: number): Promise<OutboxMessage[]> {
    const rows = await db.query(
      `select * from outbox where launch_id = $1 and status = any($2::text[]) order by id limit ${Math.trunc(limit)}`,
      [launchId, statuses],
    );
    return rows.map(toMessage);
  },
  async byId(db: Queryable, id: number): Promise<OutboxMessage | null> {
    const [row] = await db.query("select * from outbox where id = $1", [id]);
    return row ? toMessage(row) : null;
  },
  async counts(db: Queryable, launchId: number): Promise<Record<OutboxStatus, number>> {
    const rows = await db.query<{ status: OutboxStatus; n: number }>(
      "select status, count(*)::int as n from outbox where launch_id = $1 group by status",
      [launchId],
    );
    const out: Record<OutboxStatus, number> = { pending: 0, sending: 0, delivered: 0, dead: 0, superseded: 0 };
    for (const r of rows) out[r.status] = r.n;
    return out;
  },
  /** When the next retry falls due after `now` (null when nothing waits). */
  async nextAttemptAfter(db: Queryable, now: Date): Promise<Date | null> {
    const [row] = await db.query<{ at: Date | null }>("select min(next_attempt_at) as at from outbox where status = 'pending' and next_attempt_at > $1", [now]);
    return row?.at ?? null;
  },
  async pendingCount(db: Queryable): Promise<number> {
    const [row] = await db.query<{ n: number }>("select count(*)::int as n from outbox where status in ('pending', 'sending')");
    return row?.n ?? 0;
  },
  async platformRef(db: Queryable, launchId: number, updateKey: string, surface: OutboxSurface, conversation: string): Promise<string | null> {
    const [row] = await db.query<{ ref: string }>(
      "select ref from platform_refs where launch_id = $1 and update_key = $2 and surface = $3 and conversation = $4",
      [launchId, updateKey, surface, conversation],
    );
    return row?.ref ?? null;
  },
  async setPlatformRef(db: Queryable, launchId: number, updateKey: string, surface: OutboxSurface, conversation: string, ref: string, at: Date) {
    await db.query(
      `insert into platform_refs (launch_id, update_key, surface, conversation, ref, updated_at) values ($1, $2, $3, $4, $5, $6)
       on conflict (launch_id, update_key, surface, conversation) do update set ref = excluded.ref, updated_at = excluded.updated_at`,
      [launchId, updateKey, surface, conversation, ref, at],
    );
  },
};
