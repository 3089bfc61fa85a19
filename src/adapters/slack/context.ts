import { peopleRepo } from "../../storage/people-repo.js";
import type { RequestContext } from "../../../commands/dispatch.js";
import type { Command, Services } from "../../../commands/types.js";
import type { Deadline } from "./deadline.js";
import { parseSlackMention } from "./mentions.js";
import type { CallPolicy } from "./slack-api.js";

/** What every Slack listener needs, passed down from createSlackSurface. */
export interface SlackDeps {
  commands: Command[];
  services: Services;
  ackDeadline: Deadline;
  /** Policy for calls that can wait (chat.update, views.publish). */
  calls: CallPolicy;
  /** Policy for views.open: its trigger_id expires 3 s after the click. */
  modalCalls: CallPolicy;
}

/** Where an interaction came from, so its result lands in the right place. */
export type Origin =
  | { kind: "message"; channel: string; ts?: string; ephemeral: boolean; responseUrl?: string }
  | { kind: "home" };

/** Commands from App Home have no channel; their buttons name the launch with --launch. */
const HOME_CONVERSATION = "app-home";

export function requestFor(deps: SlackDeps, userId: string, conversation: string): RequestContext {
  return { services: deps.services, actor: { id: userId, surface: "slack" }, conversation, parseMention: parseSlackMention };
}

/** Keeps the Slack user's handle as their name, so replies show `bob` rather than `U0BOB00002`. */
export async function rememberSlackUser(deps: SlackDeps, userId: string, handle: string | undefined): Promise<void> {
  try {
    await peopleRepo.remember(deps.services.db, { surface: "slack", userId, displayName: handle, handle, at: deps.services.clock.now() });
  } catch (error) {
    deps.services.log.warn({ err: error }, "slack: could not keep the user's name");
  }
}

export function conversationOf(origin: Origin): string {
  return origin.kind === "message" ? origin.channel : HOME_CONVERSATION;
}

export function parseOrigin(text: string | undefined): Origin | undefined {
  if (!text) return undefined;
  try {
    const o = JSON.parse(text) as Partial<Record<string, unknown>>;
    if (o.kind === "home") return { kind: "home" };
    if (o.kind === "message" && typeof o.channel === "string") {
      return {
        kind: "message",
        channel: o.channel,
        ephemeral: o.ephemeral === true,
        ...(typeof o.ts === "string" ? { ts: o.ts } : {}),
        ...(typeof o.responseUrl === "string" ? { responseUrl: o.responseUrl } : {}),
      };
    }
  } catch {
    return undefined;
  }
  return undefined;
}
