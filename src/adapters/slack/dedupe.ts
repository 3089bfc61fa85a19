import type { App } from "@slack/bolt";
import { slackRequestsRepo } from "../../storage/slack-requests-repo.js";
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

const FIRST_DELIVERY = "goliveFirstDelivery";

/** For a slash command: resolves true unless Slack delivered this command before (the listener awaits it within its deadline). */
export function firstDelivery(context: Record<string, unknown>): Promise<boolean> {
  return (context[FIRST_DELIVERY] as Promise<boolean> | undefined) ?? Promise.resolve(true);
}

/** Global middleware: a request seen before is acknowledged and goes no further. */
export function registerDedupe(app: App, deps: SlackDeps): void {
  app.use(async (args) => {
    const body = args.body as unknown as Record<string, unknown>;
    const key = requestKey(body);
    const { db, clock, log } = deps.services;
    if (key && typeof body.command === "string") {
      // Commands are checked beside their work, inside the acknowledgement deadline (slash-command.ts).
      const fresh = slackRequestsRepo.claim(db, key, clock.now()).then((first) => {
        if (!first) log.info({ request: key, retryNum: args.context.retryNum }, "Slack request already handled; acknowledged and skipped");
        return first;
      });
      fresh.catch(() => {}); // the listener reports a failure; this copy must not count as unhandled
      args.context[FIRST_DELIVERY] = fresh;
      await args.next();
      return;
    }
    if (key && !(await slackRequestsRepo.claim(db, key, clock.now()))) {
      log.info({ request: key, retryNum: args.context.retryNum }, "Slack request already handled; acknowledged and skipped");
      if ("ack" in args && typeof args.ack === "function") await (args.ack as () => Promise<void>)();
      return;
    }
    await args.next();
  });
}
