// The Teams activity handler: messages and card buttons in, the command registry's replies
// out as Adaptive Cards. It only translates; every command runs through dispatch.
import { peopleRepo } from "../../storage/people-repo.js";
import { randomUUID } from "node:crypto";
import {
  type Activity,
  type AdaptiveCardInvokeResponse,
  TeamsActivityHandler,
  TeamsInfo,
  type TurnContext,
} from "botbuilder";
import { appendArgument } from "../../../commands/args.js";
import { dispatch, type RequestContext } from "../../../commands/dispatch.js";
import type { Command, Services } from "../../../commands/types.js";
import { ADAPTIVE_CARD_CONTENT_TYPE, type CardOptions, MAX_PICKER_PEOPLE, readCardAction, renderAdaptiveCard } from "../../render/adaptivecard.js";
import { type Reply, replyText } from "../../render/reply.js";
import { cardMessage } from "./card-message.js";
import { actorIdOf, commandText, conversationKey, isPersonalChat, type MentionedPerson, teamsMentionParser } from "./activity-text.js";
import { markConversationBroken, rememberConversation } from "./conversation-refs.js";

/** Teams shows this invoke answer as a short message and leaves the card as it was. */
const INVOKE_MESSAGE_TYPE = "application/vnd.microsoft.activity.message";

export class GoliveTeamsBot extends TeamsActivityHandler {
  constructor(
    private readonly services: Services,
    private readonly commands: Command[],
  ) {
    super();
    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
    this.onConversationUpdate(async (context, next) => {
      const { membersAdded, membersRemoved, recipient, conversation } = context.activity;
      if (membersAdded?.some((m) => m.id === recipient.id)) {
        await rememberConversation(this.services, context.activity);
        await this.rememberRoster(context);
      }
      if (membersRemoved?.some((m) => m.id === recipient.id)) {
        await markConversationBroken(this.services, conversation.id, "golive was removed from this conversation");
      }
      await next();
    });
    this.onInstallationUpdate(async (context, next) => {
      const action = context.activity.action ?? "";
      if (action.startsWith("add")) {
        await rememberConversation(this.services, context.activity);
        await this.rememberRoster(context);
      }
      else if (action.startsWith("remove")) await markConversationBroken(this.services, context.activity.conversation.id, "the golive app was uninstalled here");
      await next();
    });
  }

  private async handleMessage(context: TurnContext) {
    const activity = context.activity;
    await rememberConversation(this.services, activity);
    const action = readCardAction(activity.value);
    if (action) {
      await this.handleSubmit(context, appendArgument(action.command, action.reason ?? ""));
      return;
    }
    const { text, mentionsBot, people } = await commandText(activity, (mentioned) => this.principalOf(context, mentioned));
    // Channels and group chats: only what is addressed to golive (Teams may deliver more with RSC).
    if (!isPersonalChat(activity) && !mentionsBot) return;
    const { reply } = await dispatch(this.commands, this.request(activity, people), text);
    await context.sendActivity(cardMessage(reply, await this.cardOptions(reply)));
  }

  /** An Action.Submit fallback (clients without Universal Actions): update the card it came from where possible. */
  private async handleSubmit(context: TurnContext, line: string) {
    const { reply } = await dispatch(this.commands, this.request(context.activity, new Set()), line);
    const cardId = context.activity.replyToId;
    const options = await this.cardOptions(reply);
    if (reply.ok && cardId) {
      try {
        await context.updateActivity({ ...cardMessage(reply, options), id: cardId });
        return;
      } catch (error) {
        this.services.log.warn({ err: error, conversation: context.activity.conversation.id }, "teams: could not update the card in place; replying instead");
      }
    }
    await context.sendActivity(cardMessage(reply, options));
  }

  /** Action.Execute (Universal Actions): run the button's command, answer with the refreshed card. */
  protected override async onAdaptiveCardInvoke(context: TurnContext): Promise<AdaptiveCardInvokeResponse> {
    try {
      await rememberConversation(this.services, context.activity);
      const action = readCardAction(context.activity.value);
      if (!action) {
        return { statusCode: 400, type: "application/vnd.microsoft.error", value: { code: "BadRequest", message: "This button is not one of golive's; run the command again to get fresh buttons." } };
      }
      const { reply } = await dispatch(this.commands, this.request(context.activity, new Set()), appendArgument(action.command, action.reason ?? ""));
      // A refused action leaves the card as it was and says why.
      if (!reply.ok) return invokeMessage(replyText(reply));
      return { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: renderAdaptiveCard(reply, await this.cardOptions(reply)) as unknown as Record<string, unknown> };
    } catch (error) {
      const id = randomUUID().slice(0, 8);
      this.services.log.error({ err: error, errorId: id }, "teams: card action failed");
      return invokeMessage(`Something went wrong on our side (error ${id}). Try again; if it keeps failing, give the error id to whoever runs golive.`);
    }
  }

  /** The Teams people golive knows, for the cards whose buttons ask for a person (Assign); no query otherwise. */
  private async cardOptions(reply: Reply): Promise<CardOptions> {
    const asksForPerson = reply.blocks.some(
      (b) => (b.kind === "actions" && b.actions.some((a) => a.askReason?.person)) || (b.kind === "items" && b.items.some((i) => i.actions?.some((a) => a.askReason?.person))),
    );
    if (!asksForPerson) return {};
    const people = await peopleRepo.onSurface(this.services.db, "teams", MAX_PICKER_PEOPLE);
    return { people: people.map((p) => ({ id: p.userId, name: p.displayName })) };
  }

  private request(activity: Activity, people: Set<string>): RequestContext {
    return {
      services: this.services,
      actor: { id: actorIdOf(activity), surface: "teams", ...(activity.from?.name?.trim() ? { name: activity.from.name.replace(/\s+/g, " ").trim() } : {}) },
      conversation: conversationKey(activity.conversation.id),
      parseMention: teamsMentionParser(people),
    };
  }

  /**
   * The display names of the conversation's members (the Teams members API), kept when golive
   * is added, so people show by name and `assign 4.2 Bob Stone` works before Bob ever wrote.
   * A failure is logged; it never stops the installation.
   */
  private async rememberRoster(context: TurnContext) {
    try {
      let continuationToken: string | undefined;
      for (let page = 0; page < 50; page++) {
        const result = await TeamsInfo.getPagedMembers(context, 500, continuationToken);
        for (const member of result.members) {
          await peopleRepo.remember(this.services.db, { surface: "teams", userId: member.aadObjectId ?? member.id, displayName: member.name, at: this.services.clock.now() });
        }
        continuationToken = result.continuationToken;
        if (!continuationToken) break;
      }
    } catch (error) {
      this.services.log.warn({ err: error, conversation: context.activity.conversation?.id }, "teams: could not read the conversation's members; names are learnt as people write");
    }
  }

  /** The AAD object id of a mentioned person; Teams does not always put it in the mention, the roster has it. */
  private async principalOf(context: TurnContext, mentioned: MentionedPerson): Promise<string> {
    const id = await this.lookUpPrincipal(context, mentioned);
    await peopleRepo.remember(this.services.db, { surface: "teams", userId: id, displayName: mentioned.name, at: this.services.clock.now() });
    return id;
  }

  private async lookUpPrincipal(context: TurnContext, mentioned: MentionedPerson): Promise<string> {
    if (mentioned.aadObjectId) return mentioned.aadObjectId;
    try {
      const member = await TeamsInfo.getMember(context, mentioned.id);
      return member.aadObjectId ?? mentioned.id;
    } catch (error) {
      this.services.log.warn({ err: error, member: mentioned.id }, "teams: could not look up a mentioned person; using their Teams id");
      return mentioned.id;
    }
  }
}

function invokeMessage(text: string): AdaptiveCardInvokeResponse {
  // The message response's value is a plain string; botbuilder types every value as an object.
  return { statusCode: 200, type: INVOKE_MESSAGE_TYPE, value: text as unknown as Record<string, unknown> };
}

