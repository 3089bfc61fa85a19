import type { Surface } from "../domain/launches/types.js";
import type { Queryable } from "./database.js";

/** Which launch a conversation (channel, chat, the local shell) uses by default. */
export const conversationsRepo = {
  async launchId(db: Queryable, surface: Surface, conversation: string): Promise<number | null> {
    const [row] = await db.query<{ launch_id: number }>(
      "select launch_id from conversation_launches where surface = $1 and conversation = $2",
      [surface, conversation],
    );
    return row?.launch_id ?? null;
  },
  async bind(db: Queryable, surface: Surface, conversation: string, launchId: number, by: string, at: Date) {
    await db.query(
      `insert into conversation_launches (surface, conversation, launch_id, bound_by, bound_at) values ($1, $2, $3, $4, $5)
       on conflict (surface, conversation) do update set launch_id = excluded.launch_id, bound_by = excluded.bound_by, bound_at = excluded.bound_at`,
      [surface, conversation, launchId, by, at],
    );
  },
  async bindingsOf(db: Queryable, launchId: number) {
    return db.query<{ surface: Surface; conversation: string }>(
      "select surface, conversation from conversation_launches where launch_id = $1 order by surface, conversation",
      [launchId],
    );
  },
};
