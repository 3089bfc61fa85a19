-- People's display names, so replies show "Rita Alvarez", not an AAD object id or a Slack
-- user id. Kept from what golive receives: the sender of every Slack request and Teams
-- activity, people @mentioned in Teams, and the Teams roster of a conversation.
create table people (
  surface text not null,
  -- Slack user id (U…/W…), AAD object id (else the Teams user id).
  user_id text not null,
  display_name text not null,
  -- Slack handle (user_name), for typed @handles; null where the surface has none.
  handle text,
  updated_at timestamptz not null,
  primary key (surface, user_id)
);
create index people_display_name on people (lower(display_name));
create index people_handle on people (lower(handle));
