import type { Step } from "../domain/incidents/policy.js";
import type { Queryable, Row } from "./database.js";

export type IncidentStatus = "triggered" | "acknowledged" | "resolved";

export interface Incident {
  id: number;
  launchId: number;
  summary: string;
  severity: number;
  source: string;
  dedupKey: string;
  alertCount: number;
  lastAlertAt: Date;
  status: IncidentStatus;
  policy: string;
  steps: Step[];
  remindMinutes: number;
  nextStep: number;
  repeatsDone: number;
  paged: string[];
  pagerdutyEnv: string | null;
  declaredBy: string;
  declaredAt: Date;
  ackedBy: string | null;
  ackedAt: Date | null;
  resolvedBy: string | null;
  resolvedAt: Date | null;
}

const toIncident = (r: Row): Incident => ({
  id: r.id as number,
  launchId: r.launch_id as number,
  summary: r.summary as string,
  severity: r.severity as number,
  source: r.source as string,
  dedupKey: r.dedup_key as string,
  alertCount: r.alert_count as number,
  lastAlertAt: r.last_alert_at as Date,
  status: r.status as IncidentStatus,
  policy: r.policy as string,
  steps: r.steps as Step[],
  remindMinutes: r.remind_minutes as number,
  nextStep: r.next_step as number,
  repeatsDone: r.repeats_done as number,
  paged: r.paged as string[],
  pagerdutyEnv: (r.pagerduty_env as string | null) ?? null,
  declaredBy: r.declared_by as string,
  declaredAt: r.declared_at as Date,
  ackedBy: (r.acked_by as string | null) ?? null,
  ackedAt: (r.acked_at as Date | null) ?? null,
  resolvedBy: (r.resolved_by as string | null) ?? null,
  resolvedAt: (r.resolved_at as Date | null) ?? null,
});

export type NewIncident = Pick<Incident, "launchId" | "summary" | "severity" | "source" | "dedupKey" | "alertCount" | "policy" | "steps" | "remindMinutes" | "declaredBy" | "declaredAt">;

export interface IncidentPage {
  id: number;
  incidentId: number;
  person: string | null;
  kind: "dm" | "channel" | "page-message" | "pagerduty";
  surface: string;
  outboxId: number;
  pagedAt: Date;
  settled: "delivered" | "undeliverable" | null;
  /** From the outbox: where the message is now. */
  delivery: { status: string; deliveredAt: Date | null; attempts: number; lastError: string | null };
}

export interface StoredPolicy {
  name: string;
  source: string;
  phases: string[];
  remindMinutes: number;
  updatedBy: string;
  updatedAt: Date;
}

export type PendingStep = { id: number; incidentId: number; launchId: number; kind: "ladder" | "reminder"; step: number; dueAt: Date };

const toStep = (r: Row): PendingStep => ({
  id: r.id as number,
  incidentId: r.incident_id as number,
  launchId: r.launch_id as number,
  kind: r.kind as PendingStep["kind"],
  step: r.step as number,
  dueAt: r.due_at as Date,
});

export const incidentsRepo = {
  /** Inserts the incident unless one is open for (launch, source, key): then null. */
  async insertIfNone(db: Queryable, i: NewIncident): Promise<Incident | null> {
    const [row] = await db.query(
      `insert into incidents (launch_id, summary, severity, source, dedup_key, alert_count, last_alert_at, policy, steps, remind_minutes, declared_by, declared_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $7)
       on conflict (launch_id, source, dedup_key) where status <> 'resolved' do nothing returning *`,
      [i.launchId, i.summary, i.severity, i.source, i.dedupKey, i.alertCount, i.declaredAt, i.policy, JSON.stringify(i.steps), i.remindMinutes, i.declaredBy],
    );
    return row ? toIncident(row) : null;
  },
  async openByKey(db: Queryable, launchId: number, source: string, key: string): Promise<Incident | null> {
    const [row] = await db.query("select * from incidents where launch_id = $1 and source = $2 and dedup_key = $3 and status <> 'resolved' for update", [launchId, source, key]);
    return row ? toIncident(row) : null;
  },
  async countAlerts(db: Queryable, id: number, count: number, at: Date) {
    await db.query("update incidents set alert_count = alert_count + $2, last_alert_at = $3 where id = $1", [id, count, at]);
  },
  async byId(db: Queryable, launchId: number, id: number, forUpdate = false): Promise<Incident | null> {
    const [row] = await db.query(`select * from incidents where launch_id = $1 and id = $2${forUpdate ? " for update" : ""}`, [launchId, id]);
    return row ? toIncident(row) : null;
  },
  async list(db: Queryable, launchId: number, opts: { open: boolean; limit: number }): Promise<Incident[]> {
    const rows = await db.query(
      `select * from incidents where launch_id = $1 ${opts.open ? "and status <> 'resolved'" : ""} order by id desc limit ${Math.trunc(opts.limit)}`,
      [launchId],
    );
    return rows.map(toIncident);
  },
  async update(db: Queryable, id: number, f: Partial<Pick<Incident, "status" | "nextStep" | "repeatsDone" | "paged" | "pagerdutyEnv" | "ackedBy" | "ackedAt" | "resolvedBy" | "resolvedAt">>) {
    const columns: Record<string, unknown> = {
      status: f.status,
      next_step: f.nextStep,
      repeats_done: f.repeatsDone,
      paged: f.paged === undefined ? undefined : JSON.stringify(f.paged),
      pagerduty_env: f.pagerdutyEnv,
      acked_by: f.ackedBy,
      acked_at: f.ackedAt,
      resolved_by: f.resolvedBy,
      resolved_at: f.resolvedAt,
    };
    const set = Object.entries(columns).filter(([, v]) => v !== undefined);
    if (set.length === 0) return;
    await db.query(`update incidents set ${set.map(([c], i) => `${c} = $${i + 2}`).join(", ")} where id = $1`, [id, ...set.map(([, v]) => v)]);
  },
  async addPage(db: Queryable, p: { incidentId: number; person: string | null; kind: IncidentPage["kind"]; surface: string; outboxId: number; at: Date }) {
    await db.query("insert into incident_pages (incident_id, person, kind, surface, outbox_id, paged_at) values ($1, $2, $3, $4, $5, $6)", [
      p.incidentId,
      p.person,
      p.kind,
      p.surface,
      p.outboxId,
      p.at,
    ]);
  },
  async pages(db: Queryable, incidentId: number): Promise<IncidentPage[]> {
    const rows = await db.query(
      `select p.*, o.status as o_status, o.delivered_at as o_delivered_at, o.attempts as o_attempts, o.last_error as o_last_error
       from incident_pages p left join outbox o on o.id = p.outbox_id where p.incident_id = $1 order by p.id`,
      [incidentId],
    );
    return rows.map((r) => ({
      id: r.id as number,
      incidentId: r.incident_id as number,
      person: (r.person as string | null) ?? null,
      kind: r.kind as IncidentPage["kind"],
      surface: r.surface as string,
      outboxId: r.outbox_id as number,
      pagedAt: r.paged_at as Date,
      settled: (r.settled as IncidentPage["settled"]) ?? null,
      delivery: {
        status: (r.o_status as string | null) ?? "gone",
        deliveredAt: (r.o_delivered_at as Date | null) ?? null,
        attempts: (r.o_attempts as number | null) ?? 0,
        lastError: (r.o_last_error as string | null) ?? null,
      },
    }));
  },
  /** Marks a page's delivery outcome once; returns the page when this call settled it. */
  async settlePage(db: Queryable, outboxId: number, outcome: "delivered" | "undeliverable"): Promise<{ incidentId: number; person: string | null; kind: string; surface: string } | null> {
    const [row] = await db.query<{ incident_id: number; person: string | null; kind: string; surface: string }>(
      "update incident_pages set settled = $2 where outbox_id = $1 and settled is null returning incident_id, person, kind, surface",
      [outboxId, outcome],
    );
    return row ? { incidentId: row.incident_id, person: row.person, kind: row.kind, surface: row.surface } : null;
  },
  /** Outbox messages of pages that died without their incident hearing of it (a crash in between). */
  async deadUnsettledPages(db: Queryable, launchId: number): Promise<{ outboxId: number; error: string }[]> {
    const rows = await db.query<{ outbox_id: number; last_error: string | null }>(
      `select p.outbox_id, o.last_error from incident_pages p join incidents i on i.id = p.incident_id join outbox o on o.id = p.outbox_id
       where i.launch_id = $1 and p.settled is null and o.status = 'dead'`,
      [launchId],
    );
    return rows.map((r) => ({ outboxId: r.outbox_id, error: r.last_error ?? "not delivered" }));
  },
  async schedule(db: Queryable, s: Omit<PendingStep, "id">) {
    await db.query("insert into escalation_steps (incident_id, launch_id, kind, step, due_at) values ($1, $2, $3, $4, $5)", [s.incidentId, s.launchId, s.kind, s.step, s.dueAt]);
  },
  /** Cancels the incident's pending steps of `kinds`; returns how many. */
  async cancelPending(db: Queryable, incidentId: number, kinds: ("ladder" | "reminder")[], at: Date): Promise<number> {
    const rows = await db.query("update escalation_steps set status = 'cancelled', done_at = $3 where incident_id = $1 and status = 'pending' and kind = any($2::text[]) returning id", [
      incidentId,
      kinds,
      at,
    ]);
    return rows.length;
  },
  /** The oldest step of the launch that is due (not claimed: see claimStep). */
  async oldestDue(db: Queryable, launchId: number, now: Date): Promise<PendingStep | null> {
    const [row] = await db.query("select * from escalation_steps where launch_id = $1 and status = 'pending' and due_at <= $2 order by due_at, id limit 1", [launchId, now]);
    return row ? toStep(row) : null;
  },
  /** Marks a step done for this transaction; false when another one did it first. */
  async claimStep(db: Queryable, id: number, replica: string, now: Date): Promise<boolean> {
    const rows = await db.query("update escalation_steps set status = 'done', done_by = $2, done_at = $3 where id = $1 and status = 'pending' returning id", [id, replica, now]);
    return rows.length > 0;
  },
  async hasDue(db: Queryable, launchId: number, now: Date): Promise<boolean> {
    const rows = await db.query(
      `select 1 from escalation_steps where launch_id = $1 and status = 'pending' and due_at <= $2
       union all
       select 1 from incident_pages p join incidents i on i.id = p.incident_id join outbox o on o.id = p.outbox_id
       where i.launch_id = $1 and p.settled is null and o.status = 'dead'
       limit 1`,
      [launchId, now],
    );
    return rows.length > 0;
  },
  async nextDue(db: Queryable, incidentId: number): Promise<PendingStep | null> {
    const [row] = await db.query("select * from escalation_steps where incident_id = $1 and status = 'pending' order by due_at, id limit 1", [incidentId]);
    return row ? toStep(row) : null;
  },
  async policies(db: Queryable, launchId: number): Promise<StoredPolicy[]> {
    const rows = await db.query("select * from escalation_policies where launch_id = $1 order by name", [launchId]);
    return rows.map((r) => ({
      name: r.name as string,
      source: r.source as string,
      phases: r.phases as string[],
      remindMinutes: r.remind_minutes as number,
      updatedBy: r.updated_by as string,
      updatedAt: r.updated_at as Date,
    }));
  },
  async savePolicy(db: Queryable, launchId: number, p: StoredPolicy) {
    // A phase uses one policy: giving it to this one takes it from the others.
    for (const phase of p.phases) {
      await db.query("update escalation_policies set phases = phases - $2 where launch_id = $1 and name <> $3", [launchId, phase, p.name]);
    }
    await db.query(
      `insert into escalation_policies (launch_id, name, source, phases, remind_minutes, updated_by, updated_at) values ($1, $2, $3, $4, $5, $6, $7)
       on conflict (launch_id, name) do update set source = excluded.source, phases = excluded.phases, remind_minutes = excluded.remind_minutes,
         updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      [launchId, p.name, p.source, JSON.stringify(p.phases), p.remindMinutes, p.updatedBy, p.updatedAt],
    );
  },
  async tokenHash(db: Queryable, launchId: number): Promise<string | null> {
    const [row] = await db.query<{ token_hash: string }>("select token_hash from incident_tokens where launch_id = $1", [launchId]);
    return row?.token_hash ?? null;
  },
  async setTokenHash(db: Queryable, launchId: number, hash: string, by: string, at: Date) {
    await db.query(
      `insert into incident_tokens (launch_id, token_hash, created_by, created_at) values ($1, $2, $3, $4)
       on conflict (launch_id) do update set token_hash = excluded.token_hash, created_by = excluded.created_by, created_at = excluded.created_at`,
      [launchId, hash, by, at],
    );
  },
};
