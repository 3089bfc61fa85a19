import type { Target } from "../src/domain/announcements/launch-state.js";
import type { CommandContext } from "./types.js";

/** The conversation a command came from, as a place golive can post to (none for API calls). */
export function requesterOf(ctx: CommandContext): Target | undefined {
  const surface = ctx.actor.surface;
  return surface === "slack" || surface === "teams" || surface === "shell" ? { surface, conversation: ctx.conversation } : undefined;
}
