// Puts a command's result where the person will see it: in the acknowledgement,
// over the message they clicked, in the channel post, or on their App Home.
import type { Dispatched } from "../../../commands/dispatch.js";
import type { webApi } from "@slack/bolt";
import { renderBlockKit } from "../../render/blockkit.js";
import type { Reply } from "../../render/reply.js";
import { publishHome } from "./app-home.js";
import type { Origin, SlackDeps } from "./context.js";
import { callSlack, describeSlackError, postToResponseUrl } from "./slack-api.js";

/** A slash-command style message: in the channel when the reply is public, else only to the actor. */
export function messageFor(reply: Reply) {
  return { response_type: reply.visibility === "public" ? ("in_channel" as const) : ("ephemeral" as const), ...renderBlockKit(reply) };
}

/** A query's result never overwrites a shared post; a change's result does. */
const changesSomething = (d: Dispatched) => !(d.command?.scope === "launch" && d.command.role === "viewer");

export async function showResult(deps: SlackDeps, client: webApi.WebClient, origin: Origin, userId: string, dispatched: Dispatched): Promise<void> {
  const { reply } = dispatched;
  const log = deps.services.log;
  if (origin.kind === "home") {
    await publishHome(deps, client, userId, reply);
    return;
  }
  if (reply.ok && origin.ephemeral && origin.responseUrl) {
    await postToResponseUrl(origin.responseUrl, { replace_original: true, ...messageFor(reply) }, log);
    return;
  }
  if (reply.ok && !origin.ephemeral && origin.ts && changesSomething(dispatched)) {
    const { channel, ts } = origin;
    try {
      await callSlack("chat.update", () => client.chat.update({ channel, ts, ...renderBlockKit(reply) }), deps.calls);
    } catch (error) {
      const problem = describeSlackError(error).userMessage;
      await tellUser(deps, client, origin, userId, { ...reply, blocks: [...reply.blocks, { kind: "text", text: problem }] });
    }
    return;
  }
  await tellUser(deps, client, origin, userId, reply);
}

/** An answer only the actor sees, without touching the message they clicked. */
export async function tellUser(deps: SlackDeps, client: webApi.WebClient, origin: Origin, userId: string, reply: Reply): Promise<void> {
  if (origin.kind === "home") {
    await publishHome(deps, client, userId, reply);
    return;
  }
  if (origin.responseUrl) {
    await postToResponseUrl(origin.responseUrl, { replace_original: false, ...messageFor({ ...reply, visibility: "ephemeral" }) }, deps.services.log);
    return;
  }
  deps.services.log.warn({ summary: reply.summary }, "no way to show a Slack user their result (no response_url)");
}
