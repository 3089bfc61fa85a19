import type { Queryable, Row } from "./database.js";

/** A Bot Framework ConversationReference as stored (plain JSON; the type lives with the adapter). */
export type StoredReference = Record<string, unknown>;

export interface TeamsConversation {
  conversation: string;
  conversationType: string;
  userId: string | null;
  reference: StoredReference;
  updatedAt: Date;
  brokenReason: string | null;
  brokenAt: Date | null;
}

const toConversation = (r: Row): TeamsConversation => ({
  conversation: r.conversation as string,
  conversationType: r.conversation_type as string,
  userId: (r.user_id as string | null) ?? null,
  reference: r.reference as StoredReference,
  updatedAt: r.updated_at as Date,
  brokenReason: (r.broken_reason as string | null) ?? null,
  brokenAt: (r.broken_at as Date | null) ?? null,
});

const COLUMNS = "conversation, conversation_type, user_id, reference, updated_at, broken_reason, broken_at";

export const teamsConversationsRepo = {
  /** Stores (or refreshes) a reference; a conversation that answers again is no longer broken. */
  async save(db: Queryable, entry: { conversation: string; conversationType: string; userId: string | null; reference: StoredReference; at: Date }) {
    await db.query(
      `insert into teams_conversations (conversation, conversation_type, user_id, reference, updated_at) values ($1, $2, $3, $4, $5)
       on conflict (conversation) do update set conversation_type = excluded.conversation_type, user_id = excluded.user_id,
         reference = excluded.reference, updated_at = excluded.updated_at, broken_reason = null, broken_at = null`,
      [entry.conversation, entry.conversationType, entry.userId, JSON.stringify(entry.reference), entry.at],
    );
  },
  async get(db: Queryable, conversation: string): Promise<TeamsConversation | null> {
    const [row] = await db.query(`select ${COLUMNS} from teams_conversations where conversation = $1`, [conversation]);
    return row ? toConversation(row) : null;
  },
  /** The personal chat with a user, for direct messages. */
  async personalChatOf(db: Queryable, userId: string): Promise<TeamsConversation | null> {
    const [row] = await db.query(
      `select ${COLUMNS} from teams_conversations where conversation_type = 'personal' and user_id = $1 order by updated_at desc limit 1`,
      [userId],
    );
    return row ? toConversation(row) : null;
  },
  async markBroken(db: Queryable, conversation: string, reason: string, at: Date) {
    await db.query("update teams_conversations set broken_reason = $2, broken_at = $3 where conversation = $1", [conversation, reason, at]);
  },
  /** Teams conversations bound to a launch that golive can no longer post to (for `launch show`). */
  async brokenBindings(db: Queryable, launchId: number): Promise<{ conversation: string; reason: string; at: Date }[]> {
    const rows = await db.query<{ conversation: string; broken_reason: string; broken_at: Date }>(
      `select t.conversation, t.broken_reason, t.broken_at from conversation_launches b
       join teams_conversations t on t.conversation = b.conversation
       where b.launch_id = $1 and b.surface = 'teams' and t.broken_reason is not null order by t.conversation`,
      [launchId],
    );
    return rows.map((r) => ({ conversation: r.conversation, reason: r.broken_reason, at: r.broken_at }));
  },
};
