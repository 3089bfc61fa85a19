// Proactive posts to Teams for the outbox: the stored conversation reference, then
// continueConversationAsync. Transient Bot Connector failures were already retried by the
// connector's retry policy; what is left is classified for the outbox dispatcher.
import type { CloudAdapter, ConversationReference, TurnContext } from "botbuilder";
import type { Services } from "../../../commands/types.js";
import { DeliveryError, type DeliveryTarget, type Notifier } from "../../jobs/notifier.js";
import type { Reply } from "../../render/reply.js";
import { type TeamsConversation, teamsConversationsRepo } from "../../storage/teams-conversations-repo.js";
import { cardMessage, channelMentionMessage } from "./card-message.js";
import { RETRYABLE_STATUSES, retryAfterMs } from "./connector-retry.js";

/** Teams answers 403 when the bot was removed from the team or chat, 404 when the conversation is gone. */
const BROKEN: Record<number, string> = {
  403: "Teams refused the post (403): golive was removed from this conversation or is blocked there",
  404: "Teams says this conversation no longer exists (404)",
};

export interface TeamsNotifierOptions {
  adapter: CloudAdapter;
  /** The bot's Microsoft App ID ("" when unauthenticated). */
  appId: string;
  services: Services;
}

export function createTeamsNotifier({ adapter, appId, services }: TeamsNotifierOptions): Notifier {
  const { db } = services;

  async function conversationOf(target: DeliveryTarget): Promise<TeamsConversation> {
    const entry = target.kind === "dm" ? await teamsConversationsRepo.personalChatOf(db, target.conversation) : await teamsConversationsRepo.get(db, target.conversation);
    if (!entry) {
      const fix = target.kind === "dm" ? "they need to open a chat with golive in Teams once" : "add the golive app there (or @mention golive there once)";
      throw new DeliveryError(`golive has no Teams conversation for ${target.conversation}: ${fix}`, "permanent");
    }
    if (entry.brokenReason) {
      throw new DeliveryError(`Teams conversation ${entry.conversation} is unreachable: ${entry.brokenReason}`, "permanent");
    }
    return entry;
  }

  async function inConversation<T>(entry: TeamsConversation, work: (context: TurnContext) => Promise<T>): Promise<T> {
    let result: T | undefined;
    await adapter.continueConversationAsync(appId, entry.reference as Partial<ConversationReference>, async (context) => {
      // A proactive post is a new message, not a reply to the made-up continuation activity.
      context.onSendActivities(async (_ctx, activities, next) => {
        for (const activity of activities) delete activity.replyToId;
        return next();
      });
      result = await work(context);
    });
    return result as T;
  }

  async function classify(error: unknown, conversation: string): Promise<DeliveryError> {
    const status = statusOf(error);
    const broken = status === undefined ? undefined : BROKEN[status];
    if (broken) {
      await teamsConversationsRepo.markBroken(db, conversation, broken, services.clock.now());
      services.log.warn({ conversation, status }, "teams: conversation unreachable; marked broken");
      return new DeliveryError(broken, "permanent");
    }
    if (status === undefined || RETRYABLE_STATUSES.has(status) || status >= 500 || status === 408) {
      return new DeliveryError(`Teams delivery failed${status ? ` (HTTP ${status})` : `: ${(error as Error)?.message ?? String(error)}`}`, "retry", retryAfterOf(error));
    }
    return new DeliveryError(`Teams refused the message (HTTP ${status})`, "permanent");
  }

  async function post(target: DeliveryTarget, message: Reply) {
    const entry = await conversationOf(target);
    let sent: { id?: string } | undefined;
    try {
      const activity = message.mentionChannel && target.kind === "post" ? channelMentionMessage(message, channelOf(entry)) : cardMessage(message);
      sent = await inConversation(entry, (context) => context.sendActivity(activity));
    } catch (error) {
      throw await classify(error, entry.conversation);
    }
    if (!sent?.id) throw new DeliveryError("Teams accepted the post but returned no activity id", "retry");
    return { platformRef: sent.id };
  }

  return {
    surface: "teams",
    deliver: post,
    async update(platformRef, target, message) {
      const entry = await conversationOf(target);
      try {
        await inConversation(entry, (context) => context.updateActivity({ ...cardMessage(message), id: platformRef }));
        return { platformRef };
      } catch (error) {
        // The message was deleted: post it anew (if the whole conversation is gone, that fails with 404 too).
        if (statusOf(error) === 404) return post(target, message);
        throw await classify(error, entry.conversation);
      }
    },
  };
}

function statusOf(error: unknown): number | undefined {
  const e = error as { statusCode?: unknown; status?: unknown; response?: { status?: unknown } } | undefined;
  const status = e?.statusCode ?? e?.response?.status ?? e?.status;
  return typeof status === "number" ? status : undefined;
}

function retryAfterOf(error: unknown): number | undefined {
  const headers = (error as { response?: { headers?: { get?: (name: string) => string | undefined } } } | undefined)?.response?.headers;
  return typeof headers?.get === "function" ? retryAfterMs(headers.get("retry-after")) : undefined;
}

/** The channel as the stored reference names it (its id, and its name when Teams gave one). */
function channelOf(entry: TeamsConversation): { id: string; name?: string } {
  const conversation = (entry.reference as { conversation?: { id?: string; name?: string } }).conversation;
  return { id: conversation?.id ?? entry.conversation, ...(conversation?.name ? { name: conversation.name } : {}) };
}
