// Conversation references in the database, so proactive posts work after a restart and on every replica.
import { peopleRepo } from "../../storage/people-repo.js";
import { type Activity, type ConversationReference, TurnContext } from "botbuilder";
import type { Services } from "../../../commands/types.js";
import { teamsConversationsRepo } from "../../storage/teams-conversations-repo.js";
import { actorIdOf, conversationKey, isPersonalChat } from "./activity-text.js";

/** Stores where this activity came from; a conversation that speaks again is no longer broken. */
export async function rememberConversation(services: Services, activity: Activity): Promise<void> {
  const reference = TurnContext.getConversationReference(activity);
  const conversation = conversationKey(activity.conversation.id);
  const personal = isPersonalChat(activity);
  // Not tied to one message: a proactive post starts a new thread, not a reply.
  const { activityId: _activityId, ...rest } = reference;
  const stored: Partial<ConversationReference> = { ...rest, conversation: { ...activity.conversation, id: conversation } };
  await teamsConversationsRepo.save(services.db, {
    conversation,
    conversationType: activity.conversation.conversationType ?? (personal ? "personal" : "groupChat"),
    userId: personal ? actorIdOf(activity) : null,
    reference: stored as Record<string, unknown>,
    at: services.clock.now(),
  });
  // The sender's display name, so replies show people by name rather than by AAD id.
  await peopleRepo.remember(services.db, { surface: "teams", userId: actorIdOf(activity), displayName: activity.from?.name, at: services.clock.now() });
}

export async function markConversationBroken(services: Services, conversationId: string, reason: string) {
  await teamsConversationsRepo.markBroken(services.db, conversationKey(conversationId), reason, services.clock.now());
}
