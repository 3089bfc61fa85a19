import type { App } from "@slack/bolt";
import { dispatch } from "../../../commands/dispatch.js";
import { cutPlain } from "../../render/blockkit-text.js";
import { reply } from "../../render/reply.js";
import { rememberSlackUser, requestFor, type SlackDeps } from "./context.js";
import { beforeDeadline } from "./deadline.js";
import { messageFor } from "./deliver.js";
import { slackTextToCommandLine } from "./mentions.js";
import { postToResponseUrl } from "./slack-api.js";

/**
 * `/golive <text>` runs through the one command dispatcher as the Slack user, in the
 * channel it was typed in. A fast result is the acknowledgement itself; a slow one is
 * acknowledged with "Working on it…" and delivered through the response_url.
 */
export function registerSlashCommand(app: App, deps: SlackDeps): void {
  app.command(/^\//, async ({ command, ack }) => {
    const line = slackTextToCommandLine(command.text ?? "");
    await rememberSlackUser(deps, command.user_id, command.user_name);
    const running = dispatch(deps.commands, requestFor(deps, command.user_id, command.channel_id), line);
    const quick = await beforeDeadline(running, deps.ackDeadline);
    if (quick.done) {
      await ack(messageFor(quick.value.reply));
      return;
    }
    const shown = cutPlain(line.trim(), 80) || "help";
    await ack(messageFor(reply.ok(`Working on it… the result of \`${shown}\` will appear here.`)));
    const { reply: result } = await running;
    await postToResponseUrl(command.response_url, messageFor(result), deps.services.log);
  });
}
