-- Where golive can post in Microsoft Teams: the Bot Framework conversation reference of
-- every channel, group chat and personal chat it was installed in or spoken to, kept
-- so proactive posts survive restarts and work on every replica.
create table teams_conversations (
  -- conversation.id without a thread suffix (`;messageid=…`): the channel, not one thread.
  conversation text primary key,
  conversation_type text not null,
  -- For personal chats: the user (AAD object id, else Teams id) the chat is with, for direct messages.
  user_id text,
  reference jsonb not null,
  updated_at timestamptz not null,
  -- Set when Teams says the bot was removed (403) or the conversation is gone (404);
  -- cleared when the bot is installed or spoken to there again.
  broken_reason text,
  broken_at timestamptz
);
create index teams_conversations_personal on teams_conversations (user_id) where conversation_type = 'personal';
