-- One row per audit of a launch: a live run of the checks, or an ingested
-- `manage.py check --deploy` report. Results carry their evidence; item_changes
-- what the run did to the checklist (verified / reopened / flagged).
create table audit_runs (
  id bigserial primary key,
  launch_id bigint not null references launches(id) on delete cascade,
  trigger text not null check (trigger in ('manual', 'scheduled', 'ingest', 'api')),
  actor text not null,
  surface text not null,
  started_at timestamptz not null,
  finished_at timestamptz not null,
  score int not null,
  grade text not null,
  requests int not null default 0,
  target jsonb,
  results jsonb not null,
  item_changes jsonb not null default '[]'
);
create index audit_runs_launch on audit_runs (launch_id, id desc);

-- The CI token that may POST check --deploy output for a launch; only its SHA-256 is kept.
create table audit_tokens (
  launch_id bigint primary key references launches(id) on delete cascade,
  token_hash text not null,
  created_by text not null,
  created_at timestamptz not null
);
