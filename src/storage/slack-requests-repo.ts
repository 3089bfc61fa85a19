import type { Queryable } from "./database.js";

/** Slack never retries after hours; a day of ids is plenty. */
const SLACK_REQUEST_TTL_MS = 24 * 60 * 60 * 1000;

export const slackRequestsRepo = {
  /** Records `id` as handled; false when it already was (a retry or a double delivery). */
  async claim(db: Queryable, id: string, at: Date): Promise<boolean> {
    await db.query("delete from slack_requests where received_at < $1", [new Date(at.getTime() - SLACK_REQUEST_TTL_MS)]);
    const rows = await db.query("insert into slack_requests (id, received_at) values ($1, $2) on conflict (id) do nothing returning id", [id, at]);
    return rows.length === 1;
  },
};
