-- Checklists imported at run time (shipped ones are read from checklists/).
create table checklists (
  id text primary key,
  title text not null,
  source text not null,
  imported_by text not null,
  imported_at timestamptz not null
);

create table launches (
  id bigserial primary key,
  name text not null unique,
  checklist_id text not null,
  checklist_title text not null,
  launch_date date not null,
  timezone text not null,
  url text,
  settings jsonb not null default '{}',
  created_by text not null,
  created_at timestamptz not null,
  archived_at timestamptz
);

create table sections (
  launch_id bigint not null references launches(id) on delete cascade,
  ref text not null,
  title text not null,
  parent_ref text,
  position int not null,
  phase text,
  -- Not (launch_id, ref): a heading that only wraps one numbered section shares its ref.
  primary key (launch_id, position)
);

create table items (
  launch_id bigint not null references launches(id) on delete cascade,
  key text not null,
  ref text not null,
  section_ref text not null,
  parent_key text,
  position int not null,
  text text not null,
  critical boolean not null default false,
  phase text,
  audit jsonb not null default '[]',
  state text not null default 'open' check (state in ('open', 'done', 'blocked', 'skipped')),
  done_kind text check (done_kind in ('attested', 'verified')),
  reason text,
  waiver_until date,
  owner text,
  due date,
  archived_at timestamptz,
  updated_at timestamptz not null,
  primary key (launch_id, key)
);
create index items_launch_ref on items (launch_id, ref);

-- Append-only: history and the audit trail are read from here.
create table events (
  id bigserial primary key,
  launch_id bigint references launches(id) on delete cascade,
  item_key text,
  kind text not null,
  actor text not null,
  surface text not null,
  at timestamptz not null,
  before jsonb,
  after jsonb,
  note text
);
create index events_launch on events (launch_id, id);
create index events_item on events (launch_id, item_key, id);

create table roles (
  launch_id bigint not null references launches(id) on delete cascade,
  principal text not null,
  role text not null check (role in ('release-manager', 'member', 'viewer')),
  granted_by text not null,
  granted_at timestamptz not null,
  primary key (launch_id, principal)
);

-- The default launch of a conversation (a Slack channel, a Teams chat, the local shell).
create table conversation_launches (
  surface text not null,
  conversation text not null,
  launch_id bigint not null references launches(id) on delete cascade,
  bound_by text not null,
  bound_at timestamptz not null,
  primary key (surface, conversation)
);
