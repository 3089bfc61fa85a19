-- One row per backup attempt of a launch. Only `good` rows are artifacts anyone may
-- restore: a row is `running` while the pipeline works, `failed` with the reason when
-- anything went wrong (the partial file or upload is removed or aborted), `pruned` once
-- retention deleted its files. The manifest is also written beside the artifact.
create table backups (
  id bigserial primary key,
  launch_id bigint not null references launches(id) on delete cascade,
  job_run_id bigint references job_runs(id) on delete set null,
  status text not null default 'running' check (status in ('running', 'good', 'failed', 'pruned')),
  actor text not null,
  surface text not null,
  started_at timestamptz not null,
  finished_at timestamptz,
  name text not null,
  -- Where the artifact lives: [{"destination": "s3://bucket/prefix", "uri": "s3://bucket/prefix/name"}].
  locations jsonb not null default '[]',
  bytes_in bigint,
  bytes_out bigint,
  sha256 text,
  manifest jsonb,
  error text
);
create index backups_launch on backups (launch_id, id desc);
create index backups_running on backups (launch_id) where status = 'running';

-- One row per restore drill: an artifact restored into a scratch database and its row
-- counts compared with the manifest.
create table backup_drills (
  id bigserial primary key,
  launch_id bigint not null references launches(id) on delete cascade,
  backup_id bigint not null references backups(id) on delete cascade,
  job_run_id bigint references job_runs(id) on delete set null,
  status text not null default 'running' check (status in ('running', 'passed', 'failed')),
  actor text not null,
  surface text not null,
  started_at timestamptz not null,
  finished_at timestamptz,
  rto_ms bigint,
  rpo_ms bigint,
  -- Per table: {"table": "public.users", "expected": 10, "restored": 10}.
  tables jsonb not null default '[]',
  error text
);
create index backup_drills_launch on backup_drills (launch_id, id desc);
