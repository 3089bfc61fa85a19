-- Every launch command looks for ended waivers: the earliest waiver end of a launch's skipped
-- items, read from this index instead of the launch's items.
create index items_waivers on items (launch_id, waiver_until) where state = 'skipped' and archived_at is null;

-- The scheduler reads the slots already claimed since its last tick in one statement.
create index job_runs_slot on job_runs (slot);
