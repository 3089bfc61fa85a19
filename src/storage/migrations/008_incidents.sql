-- On call: rotations of a launch, either a cycle of people handing off at a local time
-- ("cycle") or shifts imported from an iCalendar schedule ("calendar"), and overrides.
create table oncall_rotations (
  launch_id bigint not null references launches(id) on delete cascade,
  name text not null,
  kind text not null check (kind in ('cycle', 'calendar')),
  members jsonb not null default '[]',
  period_days int,
  -- 0 (Sunday) … 6, or null for a daily handoff.
  handoff_day int,
  handoff_time text,
  -- The local date of the handoff that starts the first member's shift.
  anchor_date date,
  -- calendar: [{"person", "from", "to"}] expanded from the iCalendar file (RRULEs included).
  shifts jsonb not null default '[]',
  source text,
  updated_by text not null,
  updated_at timestamptz not null,
  primary key (launch_id, name)
);

create table oncall_overrides (
  id bigserial primary key,
  launch_id bigint not null references launches(id) on delete cascade,
  rotation text not null,
  person text not null,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  created_by text not null,
  created_at timestamptz not null
);
create index oncall_overrides_rotation on oncall_overrides (launch_id, rotation, ends_at);

-- Escalation policies in golive's small language, and the phases each one is used in.
create table escalation_policies (
  launch_id bigint not null references launches(id) on delete cascade,
  name text not null,
  source text not null,
  phases jsonb not null default '[]',
  remind_minutes int not null,
  updated_by text not null,
  updated_at timestamptz not null,
  primary key (launch_id, name)
);

-- An incident keeps the ladder it was declared with (steps, reminder), so editing a policy
-- never changes an escalation under way. One open incident per (launch, source, key).
create table incidents (
  id bigserial primary key,
  launch_id bigint not null references launches(id) on delete cascade,
  summary text not null,
  severity int not null check (severity between 1 and 4),
  source text not null,
  dedup_key text not null,
  alert_count int not null default 1,
  last_alert_at timestamptz not null,
  status text not null default 'triggered' check (status in ('triggered', 'acknowledged', 'resolved')),
  policy text not null,
  steps jsonb not null,
  remind_minutes int not null,
  next_step int not null default 0,
  repeats_done int not null default 0,
  paged jsonb not null default '[]',
  pagerduty_env text,
  declared_by text not null,
  declared_at timestamptz not null,
  acked_by text,
  acked_at timestamptz,
  resolved_by text,
  resolved_at timestamptz
);
create unique index incidents_open_key on incidents (launch_id, source, dedup_key) where status <> 'resolved';
create index incidents_launch on incidents (launch_id, id desc);

-- Every page golive queued: its outbox message says whether and when it was delivered.
create table incident_pages (
  id bigserial primary key,
  incident_id bigint not null references incidents(id) on delete cascade,
  person text,
  kind text not null check (kind in ('dm', 'channel', 'page-message', 'pagerduty')),
  surface text not null,
  outbox_id bigint not null,
  paged_at timestamptz not null,
  -- Set once the delivery outcome was acted on (an undeliverable page escalates at once).
  settled text check (settled in ('delivered', 'undeliverable'))
);
create index incident_pages_outbox on incident_pages (outbox_id);
create index incident_pages_unsettled on incident_pages (incident_id) where settled is null;

-- Each pending escalation step (the next rung of the ladder, or a reminder to whoever
-- acknowledged) is a row with its due time. The escalation job claims due rows inside the
-- transaction that acts on them, so a step is done exactly once even across replicas.
create table escalation_steps (
  id bigserial primary key,
  incident_id bigint not null references incidents(id) on delete cascade,
  launch_id bigint not null references launches(id) on delete cascade,
  kind text not null check (kind in ('ladder', 'reminder')),
  step int not null,
  due_at timestamptz not null,
  status text not null default 'pending' check (status in ('pending', 'done', 'cancelled')),
  done_by text,
  done_at timestamptz
);
create index escalation_steps_due on escalation_steps (launch_id, due_at) where status = 'pending';

-- The token Alertmanager and the generic JSON webhook send for a launch; only its SHA-256 is kept.
create table incident_tokens (
  launch_id bigint primary key references launches(id) on delete cascade,
  token_hash text not null,
  created_by text not null,
  created_at timestamptz not null
);

-- PagerDuty Events API v2 goes through the outbox like chat posts (retries, dead letters).
alter table outbox drop constraint outbox_surface_check;
alter table outbox add constraint outbox_surface_check check (surface in ('slack', 'teams', 'shell', 'pagerduty'));
