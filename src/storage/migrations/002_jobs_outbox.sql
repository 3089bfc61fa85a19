-- One row per run of a job. The unique (job, launch, slot) row is the claim: with several
-- replicas on one database, the INSERT that wins runs the slot (rows, not advisory locks,
-- because advisory locks never exclude on PGlite's single session).
create table job_runs (
  id bigserial primary key,
  job text not null,
  launch_id bigint references launches(id) on delete cascade,
  slot timestamptz not null,
  trigger text not null check (trigger in ('schedule', 'catch-up', 'manual')),
  replica text not null,
  started_at timestamptz not null,
  heartbeat_at timestamptz not null,
  lease_until timestamptz not null,
  finished_at timestamptz,
  outcome text not null default 'running' check (outcome in ('running', 'ok', 'failed', 'skipped')),
  summary text,
  error text
);
create unique index job_runs_claim on job_runs (job, (coalesce(launch_id, 0)), slot);
create index job_runs_history on job_runs (job, launch_id, slot desc);
create index job_runs_running on job_runs (lease_until) where outcome = 'running';

-- Everything golive posts by itself, written in the transaction of the change that caused it.
create table outbox (
  id bigserial primary key,
  launch_id bigint references launches(id) on delete cascade,
  surface text not null check (surface in ('slack', 'teams', 'shell')),
  -- A channel / chat id, or the user id for a direct message.
  conversation text not null,
  kind text not null check (kind in ('post', 'update', 'dm')),
  update_key text,
  payload jsonb not null,
  status text not null default 'pending' check (status in ('pending', 'sending', 'delivered', 'dead', 'superseded')),
  attempts int not null default 0,
  next_attempt_at timestamptz not null,
  lease_until timestamptz,
  claimed_by text,
  last_error text,
  platform_ref text,
  created_at timestamptz not null,
  delivered_at timestamptz
);
create index outbox_due on outbox (next_attempt_at, id) where status = 'pending';
create index outbox_open_by_conversation on outbox (surface, conversation, id) where status in ('pending', 'sending');

-- The platform id (Slack ts, Teams activity id) of a message golive keeps updating in place.
create table platform_refs (
  launch_id bigint not null references launches(id) on delete cascade,
  update_key text not null,
  surface text not null,
  conversation text not null,
  ref text not null,
  updated_at timestamptz not null,
  primary key (launch_id, update_key, surface, conversation)
);
