// Buttons, overflow menus and the reason modal: each runs an ordinary command as
// the person who clicked, through the same dispatcher (same roles, same events).
import type { App, BlockAction, webApi } from "@slack/bolt";
import { appendArgument } from "../../../commands/args.js";
import { dispatch } from "../../../commands/dispatch.js";
import { cutPlain } from "../../render/blockkit-text.js";
import { decodeSlackAction, type SlackActionIntent, type SlackActionPayload } from "../../render/blockkit-actions.js";
import { parseReasonMetadata, REASON_ACTION_ID, REASON_BLOCK_ID, REASON_CALLBACK_ID, renderModalForReason } from "../../render/blockkit.js";
import { reply, replyText } from "../../render/reply.js";
import { conversationOf, type Origin, parseOrigin, rememberSlackUser, requestFor, type SlackDeps } from "./context.js";
import { beforeDeadline } from "./deadline.js";
import { showResult, tellUser } from "./deliver.js";
import { callSlack, SlackCallError } from "./slack-api.js";

const ERROR_TEXT_MAX = 1000;

export function registerInteractions(app: App, deps: SlackDeps): void {
  app.action<BlockAction>({ type: "block_actions", action_id: /^golive:/ }, async ({ ack, body, action, client }) => {
    await ack();
    await rememberSlackUser(deps, body.user.id, body.user.username ?? body.user.name);
    const origin = originOf(body);
    const intent = decodeSlackAction(action as unknown as SlackActionPayload);
    if (!intent) {
      deps.services.log.warn({ actionId: (action as { action_id?: string }).action_id }, "a golive action could not be read back");
      await tellUser(deps, client, origin, body.user.id, reply.error("This button is out of date.", "Run the command again to get fresh buttons."));
      return;
    }
    if (intent.kind === "ask") {
      await openReasonModal(deps, client, body.trigger_id, intent, origin, body.user.id);
      return;
    }
    const dispatched = await dispatch(deps.commands, requestFor(deps, body.user.id, conversationOf(origin)), intent.command);
    await showResult(deps, client, origin, body.user.id, dispatched);
  });

  app.view(REASON_CALLBACK_ID, async ({ ack, body, view, client }) => {
    const meta = parseReasonMetadata(view.private_metadata);
    const origin = parseOrigin(meta?.context);
    if (!meta || !origin) {
      await ack({ response_action: "errors", errors: { [REASON_BLOCK_ID]: "This form is out of date; close it and press the button again." } });
      return;
    }
    const answer = view.state.values[REASON_BLOCK_ID]?.[REASON_ACTION_ID];
    // A user picker (Assign) answers with the chosen user's id: passed on as a mention.
    const typed = answer?.selected_user ? `<@${answer.selected_user}>` : (answer?.value ?? "");
    if (typed.trim() === "") {
      await ack({ response_action: "errors", errors: { [REASON_BLOCK_ID]: "Write a reason; it is kept in the item's history." } });
      return;
    }
    const userId = body.user.id;
    const running = dispatch(deps.commands, requestFor(deps, userId, conversationOf(origin)), appendArgument(meta.command, typed));
    const quick = await beforeDeadline(running, deps.ackDeadline);
    if (quick.done && !quick.value.reply.ok) {
      await ack({ response_action: "errors", errors: { [REASON_BLOCK_ID]: cutPlain(replyText(quick.value.reply, " "), ERROR_TEXT_MAX) } });
      return;
    }
    await ack();
    await showResult(deps, client, origin, userId, quick.done ? quick.value : await running);
  });
}

function originOf(body: BlockAction): Origin {
  if (body.container?.type === "view" || body.view?.type === "home") return { kind: "home" };
  const container = body.container as { channel_id?: string; message_ts?: string; is_ephemeral?: boolean } | undefined;
  const channel = container?.channel_id ?? body.channel?.id ?? "";
  const ts = container?.message_ts ?? body.message?.ts;
  return {
    kind: "message",
    channel,
    ephemeral: container?.is_ephemeral === true,
    ...(ts ? { ts } : {}),
    ...(body.response_url ? { responseUrl: body.response_url } : {}),
  };
}

async function openReasonModal(deps: SlackDeps, client: webApi.WebClient, triggerId: string, intent: Extract<SlackActionIntent, { kind: "ask" }>, origin: Origin, userId: string) {
  try {
    const view = renderModalForReason({
      title: intent.title,
      command: intent.command,
      ...(intent.placeholder ? { placeholder: intent.placeholder } : {}),
      ...(intent.person ? { person: true } : {}),
      privateMetadata: JSON.stringify(origin),
    });
    await callSlack("views.open", () => client.views.open({ trigger_id: triggerId, view }), deps.modalCalls);
  } catch (error) {
    const message = error instanceof SlackCallError ? error.userMessage : "The form could not be opened.";
    if (!(error instanceof SlackCallError)) deps.services.log.error({ err: error }, "could not build the reason modal");
    const hint = `Or type it: /golive ${intent.command} <reason>`;
    await tellUser(deps, client, origin, userId, reply.error(message, hint));
  }
}

