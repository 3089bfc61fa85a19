-- "Verified" must mean proven (#13).
-- Supporting audit bindings (`evidence=` annotations): shown with the item, a
-- failure flags or re-opens it, a pass never verifies it.
alter table items add column evidence jsonb not null default '[]';

-- A live audit that reached nothing has no score and no grade, only the reason.
alter table audit_runs alter column score drop not null;
alter table audit_runs alter column grade drop not null;
alter table audit_runs add column unreachable text;
