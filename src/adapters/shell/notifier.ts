import type { Notifier } from "../../jobs/notifier.js";
import { renderText } from "../../render/text.js";

/** Prints what golive posts by itself (posts for shell conversations, direct messages) in the local shell. */
export function createShellNotifier(write: (text: string) => void): Notifier {
  let sent = 0;
  const header = (what: string) => `── golive ${what} ──`;
  return {
    surface: "shell",
    async deliver(target, message) {
      sent++;
      const to = target.kind === "dm" ? `→ @${target.conversation.replace(/^@/, "")} (direct message)` : `in ${target.conversation}`;
      write(`${header(to)}\n${renderText(message)}\n`);
      return { platformRef: `shell-${sent}` };
    },
    async update(platformRef, target, message) {
      write(`${header(`in ${target.conversation} (updated)`)}\n${renderText(message)}\n`);
      return { platformRef };
    },
  };
}
