-- Daily error digest (#11). Sources are per launch: log file globs or a Sentry project
-- (only the NAME of the token's environment variable is kept).
create table digest_sources (
  id bigserial primary key,
  launch_id bigint not null references launches(id) on delete cascade,
  name text not null,
  kind text not null check (kind in ('logs', 'sentry')),
  config jsonb not null,
  created_by text not null,
  created_at timestamptz not null,
  unique (launch_id, name)
);

-- Every error group ever seen for a launch: "NEW" means first seen inside the digest's
-- window, so it stays right across days and restarts. Samples are redacted.
create table digest_groups (
  launch_id bigint not null references launches(id) on delete cascade,
  fingerprint text not null,
  type text not null,
  message text not null,
  culprit text,
  first_seen timestamptz not null,
  last_seen timestamptz not null,
  samples jsonb not null default '[]',
  traceback text,
  sentry jsonb,
  primary key (launch_id, fingerprint)
);

-- One row per digest made: its window, its figures (for day-over-day changes and for
-- other features that read the latest error rates) and the whole report.
create table digests (
  id bigserial primary key,
  launch_id bigint not null references launches(id) on delete cascade,
  kind text not null check (kind in ('daily', 'on-demand', 'baseline')),
  window_from timestamptz not null,
  window_to timestamptz not null,
  created_at timestamptz not null,
  figures jsonb not null,
  report jsonb not null
);
create index digests_by_window on digests (launch_id, kind, window_to desc);
