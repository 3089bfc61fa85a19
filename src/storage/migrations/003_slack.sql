-- Slack requests already handled. Slack retries events it thinks were lost
-- (X-Slack-Retry-Num) and people double-click: the first INSERT wins, the rest are
-- acknowledged and dropped. Rows older than a day are pruned as new ones arrive.
create table slack_requests (
  id text primary key,
  received_at timestamptz not null
);
create index slack_requests_received on slack_requests (received_at);
