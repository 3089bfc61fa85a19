import type { Activity } from "botbuilder";
import { imageAttachments, renderAdaptiveCardActivityAttachment } from "../../render/adaptivecard.js";
import type { Reply } from "../../render/reply.js";

/** A reply as a Teams message: one Adaptive Card (and its images, e.g. a chart); the summary is the notification preview. */
export function cardMessage(reply: Reply): Partial<Activity> {
  return { type: "message", summary: reply.summary, attachments: [renderAdaptiveCardActivityAttachment(reply), ...imageAttachments(reply)] };
}
