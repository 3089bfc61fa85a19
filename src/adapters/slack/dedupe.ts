import type { App } from "@slack/bolt";
import { databaseNotAnswering } from "../../errors.js";
import { reply } from "../../render/reply.js";
import { slackRequestsRepo } from "../../storage/slack-requests-repo.js";
import { beforeDeadline, timerDeadline } from "./deadline.js";
import { messageFor } from "./deliver.js";
import type { SlackDeps } from "./context.js";

/**
 * A stable id per request Slack may send twice: a retried event, a retried or
 * re-sent command, an action delivered twice, a modal submitted twice.
 */
export function requestKey(body: Record<string, unknown>): string | undefined {
  const b = body as {
    type?: string;
    event_id?: string;
    command?: string;
    trigger_id?: string;
    user?: { id?: string };
    actions?: { action_id?: string; action_ts?: string }[];
    view?: { id?: string; hash?: string };
  };
  if (b.type === "event_callback" && b.event_id) return `event:${b.event_id}`;
  if (b.command && b.trigger_id) return `command:${b.trigger_id}`;
  if (b.type === "block_actions") {
    const action = b.actions?.[0];
    if (action?.action_ts && action.action_id) return `action:${b.user?.id}:${action.action_id}:${action.action_ts}`;
  }
  if (b.type === "view_submission" && b.view?.id && b.view.hash) return `view:${b.view.id}:${b.view.hash}`;
  return undefined;
}

const COMMAND_CLAIM = "goliveCommandClaim";

/** For a slash command: its request id, recorded as handled by the command's first statement (see dispatch). */
export function commandClaim(context: Record<string, unknown>): string | undefined {
  return context[COMMAND_CLAIM] as string | undefined;
}

/** The first database touch of every request; a healthy database answers in milliseconds. Its own timer, not the command's ack deadline. */
const CLAIM_DEADLINE = timerDeadline(2_000);

/** Global middleware: a request seen before is acknowledged and goes no further. */
export function registerDedupe(app: App, deps: SlackDeps): void {
  app.use(async (args) => {
    const body = args.body as unknown as Record<string, unknown>;
    const key = requestKey(body);
    const { db, clock, log } = deps.services;
    if (key && typeof body.command === "string") {
      // Commands are claimed by their own first statement, inside the acknowledgement deadline (slash-command.ts).
      args.context[COMMAND_CLAIM] = key;
      await args.next();
      return;
    }
    if (!key) return args.next();
    // Slack gives up after 3 s: a database that is down or stalled gets a clear answer in time.
    const claim = slackRequestsRepo.claim(db, key, clock.now()).then((fresh) => ({ fresh }), (error: unknown) => ({ error }));
    const settled = await beforeDeadline(claim, CLAIM_DEADLINE());
    if (!settled.done || "error" in settled.value) {
      log.warn({ request: key, err: settled.done && "error" in settled.value ? settled.value.error : undefined }, "the database did not answer; Slack request acknowledged and not run");
      const answer = databaseNotAnswering();
      if ("ack" in args && typeof args.ack === "function") await (args.ack as (m?: unknown) => Promise<void>)((body as { command?: string }).command ? messageFor(reply.error(answer.message, answer.hint, answer.code)) : undefined);
      return;
    }
    if (!settled.value.fresh) {
      log.info({ request: key, retryNum: args.context.retryNum }, "Slack request already handled; acknowledged and skipped");
      if ("ack" in args && typeof args.ack === "function") await (args.ack as () => Promise<void>)();
      return;
    }
    await args.next();
  });
}
