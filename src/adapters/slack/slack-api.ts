// Calls to Slack's Web API and to response_urls, with rate-limit retries and
// failures turned into a sentence a user can act on.
import { webApi } from "@slack/bolt";
import type { Logger } from "../../log.js";

/** A failed Slack call, with what to tell the person who caused it. */
export class SlackCallError extends Error {
  constructor(
    readonly code: string,
    readonly userMessage: string,
  ) {
    super(`${code}: ${userMessage}`);
    this.name = "SlackCallError";
  }
}

export interface CallPolicy {
  log: Logger;
  sleep: (ms: number) => Promise<void>;
  /** Longest Retry-After worth waiting for (views.open must happen within 3 s of the click). */
  maxWaitMs: number;
  attempts: number;
}

/** Runs a Web API call; a rate limit is waited out (logged) while the wait is short enough. */
export async function callSlack<T>(what: string, fn: () => Promise<T>, policy: CallPolicy): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      const e = error as { code?: string; retryAfter?: number };
      if (e?.code === webApi.ErrorCode.RateLimitedError) {
        const waitMs = (e.retryAfter ?? 1) * 1000;
        if (attempt < policy.attempts && waitMs <= policy.maxWaitMs) {
          policy.log.warn({ call: what, retryAfterMs: waitMs, attempt }, "Slack rate-limited the call; retrying");
          await policy.sleep(waitMs);
          continue;
        }
        policy.log.warn({ call: what, retryAfterMs: waitMs, attempt }, "Slack rate-limited the call; giving up");
        throw new SlackCallError("ratelimited", `Slack is rate-limiting golive right now; try again in ${Math.ceil(waitMs / 1000)} s.`);
      }
      const failure = describeSlackError(error);
      policy.log.warn({ call: what, code: failure.code }, "Slack call failed");
      throw failure;
    }
  }
}

const REINSTALL = new Set(["invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive", "missing_scope"]);

/** Messages are plain text (the renderer escapes them), so no channel links here. */
export function describeSlackError(error: unknown): SlackCallError {
  if (error instanceof SlackCallError) return error;
  const e = error as { code?: string; data?: { error?: string }; statusCode?: number };
  if (e?.code === webApi.ErrorCode.PlatformError) {
    const code = e.data?.error ?? "unknown_error";
    if (code === "not_in_channel") return new SlackCallError(code, "golive is not in this channel. Invite it there: /invite @golive");
    if (code === "channel_not_found") {
      return new SlackCallError(code, "golive cannot see this channel (a private channel, or it was deleted). Invite it there: /invite @golive");
    }
    if (code === "expired_trigger_id" || code === "trigger_expired" || code === "invalid_trigger_id") {
      return new SlackCallError(code, "The form took too long to open; press the button again.");
    }
    if (code === "message_not_found" || code === "cant_update_message") {
      return new SlackCallError(code, "The message was deleted or can no longer be changed; run the command again.");
    }
    if (REINSTALL.has(code)) {
      return new SlackCallError(code, `golive's Slack token was refused (${code}); ask whoever runs golive to reinstall the Slack app.`);
    }
    return new SlackCallError(code, `Slack refused the request (${code}).`);
  }
  if (e?.code === webApi.ErrorCode.HTTPError) return new SlackCallError(`http_${e.statusCode ?? 0}`, "Slack is having trouble right now; try again in a moment.");
  if (e?.code === webApi.ErrorCode.RequestError) return new SlackCallError("unreachable", "golive could not reach Slack; try again in a moment.");
  // Not Slack's doing (a bug on our side): say so rather than blame the network.
  return new SlackCallError("internal", "golive failed while answering in Slack; try again, and if it keeps failing tell whoever runs golive.");
}

/** Posts to a response_url (valid 30 minutes, 5 uses). Failures are logged, never thrown. */
export async function postToResponseUrl(url: string, message: object, log: Logger): Promise<boolean> {
  if (!/^https:\/\/hooks\.slack(-gov)?\.com\//.test(url)) {
    log.warn("ignoring a response_url that is not on hooks.slack.com");
    return false;
  }
  try {
    const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(message) });
    if (response.ok) return true;
    log.warn({ status: response.status }, "Slack refused the response_url post (expired or used up)");
  } catch (error) {
    log.warn({ err: error }, "could not post to the response_url");
  }
  return false;
}
