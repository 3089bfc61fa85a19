import type { App } from "@slack/bolt";
import { dispatch } from "../../../commands/dispatch.js";
import { cutPlain } from "../../render/blockkit-text.js";
import { reply } from "../../render/reply.js";
import { rememberSlackUser, requestFor, type SlackDeps } from "./context.js";
import { beforeDeadline, requestDeadline } from "./deadline.js";
import { commandClaim } from "./dedupe.js";
import { messageFor } from "./deliver.js";
import { slackTextToCommandLine } from "./mentions.js";
import { postToResponseUrl } from "./slack-api.js";

/**
 * `/golive <text>` runs through the one command dispatcher as the Slack user, in the
 * channel it was typed in. A fast result is the acknowledgement itself; a slow one is
 * acknowledged with "Working on it…" and delivered through the response_url.
 */
export function registerSlashCommand(app: App, deps: SlackDeps): void {
  app.command(/^\//, async ({ command, ack, context }) => {
    const line = slackTextToCommandLine(command.text ?? "");
    const key = commandClaim(context);
    const request = { ...requestFor(deps, command.user_id, command.channel_id), ...(key ? { claim: { key, at: deps.services.clock.now() } } : {}) };
    // Everything runs inside the deadline, the duplicate check (the command's first statement)
    // included: a slow database must not hold the acknowledgement ("Working on it…", then the
    // result, or the pool's timeout answer). A re-sent command is acknowledged and runs nothing.
    const running = rememberSlackUser(deps, command.user_id, command.user_name)
      .then(() => dispatch(deps.commands, request, line))
      .then((result) => (result.duplicate ? null : result));
    const quick = await beforeDeadline(running, requestDeadline(context, deps.ackDeadline));
    if (quick.done) {
      await (quick.value ? ack(messageFor(quick.value.reply)) : ack());
      return;
    }
    const shown = cutPlain(line.trim(), 80) || "help";
    await ack(messageFor(reply.ok(`Working on it… the result of \`${shown}\` will appear here.`)));
    const result = await running;
    // A re-sent command: the first delivery posts the result.
    if (result) await postToResponseUrl(command.response_url, messageFor(result.reply), deps.services.log);
  });
}
