import type { Activity } from "botbuilder";
import { type CardOptions, imageAttachments, renderAdaptiveCardActivityAttachment } from "../../render/adaptivecard.js";
import type { Reply } from "../../render/reply.js";

/** A reply as a Teams message: one Adaptive Card (and its images, e.g. a chart); the summary is the notification preview. */
export function cardMessage(reply: Reply, options: CardOptions = {}): Partial<Activity> {
  return { type: "message", summary: reply.summary, attachments: [renderAdaptiveCardActivityAttachment(reply, options), ...imageAttachments(reply)] };
}

/**
 * A reply that calls on the whole channel (an unacknowledged page): the card, and a channel
 * mention in the message text, which Teams turns into a notification for the channel.
 */
export function channelMentionMessage(reply: Reply, channel: { id: string; name?: string }): Partial<Activity> {
  const name = channel.name?.trim() || "channel";
  const mention = `<at>${name}</at>`;
  return {
    ...cardMessage(reply),
    text: `${mention} ${reply.summary.replace(/^@here\s*/, "")}`,
    entities: [{ type: "mention", text: mention, mentioned: { id: channel.id, name, role: "channel" } }],
  };
}
