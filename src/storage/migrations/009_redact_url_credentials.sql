-- #15: a site URL may no longer carry a user name or password (https://admin:pw@host).
-- Remove them from everything already stored: the launch, its events, audit runs, items
-- and outbox messages. Only the userinfo part of a URL is touched.
update launches set url = regexp_replace(url, '([a-z][a-z0-9+.-]*://)[^/?#@\s"''<>]*@', '\1', 'gi')
  where url ~* '[a-z][a-z0-9+.-]*://[^/?#@\s"''<>]*@';
update launches set settings = regexp_replace(settings::text, '([a-z][a-z0-9+.-]*://)[^/?#@\s"''<>]*@', '\1', 'gi')::jsonb
  where settings::text ~* '[a-z][a-z0-9+.-]*://[^/?#@\s"''<>]*@';
update events set
  before = regexp_replace(before::text, '([a-z][a-z0-9+.-]*://)[^/?#@\s"''<>]*@', '\1', 'gi')::jsonb,
  after = regexp_replace(after::text, '([a-z][a-z0-9+.-]*://)[^/?#@\s"''<>]*@', '\1', 'gi')::jsonb,
  note = regexp_replace(note, '([a-z][a-z0-9+.-]*://)[^/?#@\s"''<>]*@', '\1', 'gi')
  where concat(before::text, after::text, note) ~* '[a-z][a-z0-9+.-]*://[^/?#@\s"''<>]*@';
update audit_runs set
  target = regexp_replace(target::text, '([a-z][a-z0-9+.-]*://)[^/?#@\s"''<>]*@', '\1', 'gi')::jsonb,
  results = regexp_replace(results::text, '([a-z][a-z0-9+.-]*://)[^/?#@\s"''<>]*@', '\1', 'gi')::jsonb
  where concat(target::text, results::text) ~* '[a-z][a-z0-9+.-]*://[^/?#@\s"''<>]*@';
update items set audit = regexp_replace(audit::text, '([a-z][a-z0-9+.-]*://)[^/?#@\s"''<>]*@', '\1', 'gi')::jsonb
  where audit::text ~* '[a-z][a-z0-9+.-]*://[^/?#@\s"''<>]*@';
update outbox set payload = regexp_replace(payload::text, '([a-z][a-z0-9+.-]*://)[^/?#@\s"''<>]*@', '\1', 'gi')::jsonb
  where payload::text ~* '[a-z][a-z0-9+.-]*://[^/?#@\s"''<>]*@';
