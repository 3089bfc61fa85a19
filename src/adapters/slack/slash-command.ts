import type { App } from "@slack/bolt";
import { dispatch } from "../../../commands/dispatch.js";
import { cutPlain } from "../../render/blockkit-text.js";
import { databaseNotAnswering } from "../../errors.js";
import { reply } from "../../render/reply.js";
import { rememberSlackUser, requestFor, type SlackDeps } from "./context.js";
import { beforeDeadline, requestDeadline } from "./deadline.js";
import { firstDelivery } from "./dedupe.js";
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
    // The duplicate check runs inside the deadline too: a slow database must not hold the
    // acknowledgement ("Working on it…", then the result, or the pool's timeout answer). A
    // check that fails (the database is down) is answered at once: nothing was run.
    const running = firstDelivery(context).then(
      (fresh) =>
        fresh ? rememberSlackUser(deps, command.user_id, command.user_name).then(() => dispatch(deps.commands, requestFor(deps, command.user_id, command.channel_id), line)) : null,
      (error: unknown) => {
        deps.services.log.warn({ err: error }, "the database did not answer; Slack command acknowledged and not run");
        return { reply: notAnswering() };
      },
    );
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

function notAnswering() {
  const answer = databaseNotAnswering();
  return reply.error(answer.message, answer.hint, answer.code);
}
