import type { Queryable } from "./database.js";

/** Slack never retries after hours; a day of ids is plenty. */
export const REQUEST_ID_TTL_MS = 24 * 60 * 60 * 1000;

export const slackRequestsRepo = {
  /** Records `id` as handled, forgetting ids older than a day, in one statement; false when it already was (a retry or a double delivery). */
  async claim(db: Queryable, id: string, at: Date): Promise<boolean> {
    const rows = await db.query(
      `with expired as (delete from slack_requests where received_at < $3)
       insert into slack_requests (id, received_at) values ($1, $2) on conflict (id) do nothing returning id`,
      [id, at, new Date(at.getTime() - REQUEST_ID_TTL_MS)],
    );
    return rows.length === 1;
  },
};
