// App Home: the person's launches, their open assigned items and what is overdue.
import type { App, webApi } from "@slack/bolt";
import { homeReply } from "../../../commands/home.js";
import { myWork } from "../../domain/launches/my-work.js";
import { renderHome } from "../../render/blockkit.js";
import type { Reply } from "../../render/reply.js";
import type { SlackDeps } from "./context.js";
import { callSlack } from "./slack-api.js";

export function registerAppHome(app: App, deps: SlackDeps): void {
  app.event("app_home_opened", async ({ event, client }) => {
    if (event.tab !== "home") return;
    await publishHome(deps, client, event.user);
  });
}

/** Publishes the home view; `notice` (the result of a button pressed there) goes on top. */
export async function publishHome(deps: SlackDeps, client: webApi.WebClient, userId: string, notice?: Reply): Promise<void> {
  const { db, clock, log } = deps.services;
  try {
    const view = renderHome(homeReply(await myWork(db, userId, clock.now()), notice));
    await callSlack("views.publish", () => client.views.publish({ user_id: userId, view }), deps.calls);
  } catch (error) {
    log.warn({ err: error, user: userId }, "could not publish the App Home view");
  }
}
