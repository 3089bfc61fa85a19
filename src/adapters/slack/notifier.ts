import { webApi } from "@slack/bolt";
import { type Delivery, DeliveryError, type DeliveryTarget, type Notifier } from "../../jobs/notifier.js";
import { renderBlockKit } from "../../render/blockkit.js";
import type { Reply } from "../../render/reply.js";
import type { Logger } from "../../log.js";

// Slack answers these with ok:false; they clear up by themselves, so the message is retried.
const TRANSIENT_PLATFORM_ERRORS = new Set(["internal_error", "fatal_error", "service_unavailable", "request_timeout", "ratelimited", "team_added_to_org"]);
// The message we keep updating is gone (deleted by someone): post a new one instead.
const MESSAGE_GONE = new Set(["message_not_found", "cant_update_message"]);

export interface SlackNotifierOptions {
  token: string;
  /** Tests and the benchmark point this at a local sink. */
  slackApiUrl?: string;
  timeoutMs?: number;
  log?: Logger;
}

/** Slack message metadata naming the outbox message a post delivers. */
const DELIVERY_EVENT = "golive_delivery";
/** Pages of 200 messages looked through for an earlier copy. */
const HISTORY_PAGES = 5;

/** `C123/1700000000.000100`: the channel and ts chat.update needs. */
const refOf = (channel: string, ts: string) => `${channel}/${ts}`;

/** Delivers outbox messages with the Slack Web API; the outbox, not the client, owns retries. */
export function createSlackNotifier(opts: SlackNotifierOptions): Notifier {
  const client = new webApi.WebClient(opts.token, {
    slackApiUrl: opts.slackApiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: opts.timeoutMs ?? 30_000,
    logLevel: webApi.LogLevel.ERROR,
  });
  const dmChannels = new Map<string, string>();

  async function channelOf(target: DeliveryTarget): Promise<string> {
    if (target.kind === "post") return target.conversation;
    const known = dmChannels.get(target.conversation);
    if (known) return known;
    const opened = await call(() => client.conversations.open({ users: target.conversation }));
    const id = opened.channel?.id;
    if (!id) throw new DeliveryError(`Slack opened no DM channel for ${target.conversation}`, "retry");
    dmChannels.set(target.conversation, id);
    return id;
  }

  /**
   * The copy of `delivery` an earlier attempt already posted, found by the delivery id in its
   * metadata among the channel's messages since the outbox message was written. A failed
   * lookup (e.g. a missing history scope) is logged and the message is posted.
   */
  async function alreadyPosted(channel: string, delivery: Delivery): Promise<string | null> {
    try {
      let cursor: string | undefined;
      for (let page = 0; page < HISTORY_PAGES; page++) {
        const history = await call(() =>
          client.conversations.history({ channel, oldest: String(Math.floor(delivery.since.getTime() / 1000) - 1), include_all_metadata: true, limit: 200, cursor }),
        );
        const found = history.messages?.find((m) => (m.metadata?.event_payload as { delivery_id?: unknown } | undefined)?.delivery_id === delivery.id);
        if (found?.ts) return found.ts;
        cursor = history.response_metadata?.next_cursor || undefined;
        if (!cursor) return null;
      }
    } catch (error) {
      opts.log?.warn({ channel, delivery: delivery.id, error: classify(error).message }, "slack: could not look for an earlier copy of a re-sent message; posting it");
    }
    return null;
  }

  async function post(target: DeliveryTarget, message: Reply, delivery?: Delivery) {
    const channel = await channelOf(target);
    if (delivery?.retried) {
      const ts = await alreadyPosted(channel, delivery);
      if (ts) {
        opts.log?.info({ channel, delivery: delivery.id }, "slack: an earlier attempt had posted this message; not posting it again");
        return { platformRef: refOf(channel, ts) };
      }
    }
    const metadata = delivery ? { event_type: DELIVERY_EVENT, event_payload: { delivery_id: delivery.id } } : undefined;
    const result = await call(() => client.chat.postMessage({ channel, ...renderBlockKit(message), unfurl_links: false, ...(metadata ? { metadata } : {}) }));
    const posted = result.channel ?? channel;
    await uploadImages(posted, message);
    return { platformRef: refOf(posted, result.ts!) };
  }

  /**
   * Block Kit shows images by URL only, so a reply's images (the digest's chart) are
   * uploaded into the channel right after the message (files.uploadV2, scope files:write).
   * The message is what matters: a failed upload is logged and does not re-send it.
   */
  async function uploadImages(channel: string, message: Reply) {
    for (const block of message.blocks) {
      if (block.kind !== "image") continue;
      try {
        await client.filesUploadV2({ channel_id: channel, file: Buffer.from(block.pngBase64, "base64"), filename: block.filename, title: block.title, alt_text: block.alt });
      } catch (error) {
        opts.log?.warn({ channel, filename: block.filename, error: classify(error).message }, "slack: the chart could not be uploaded; the message went out without it");
      }
    }
  }

  return {
    surface: "slack",
    deliver: post,
    async update(platformRef, target, message) {
      const slash = platformRef.indexOf("/");
      const channel = platformRef.slice(0, slash);
      const ts = platformRef.slice(slash + 1);
      try {
        const result = await call(() => client.chat.update({ channel, ts, ...renderBlockKit(message) }));
        return { platformRef: refOf(result.channel ?? channel, result.ts ?? ts) };
      } catch (error) {
        if (error instanceof DeliveryError && MESSAGE_GONE.has(error.message)) return post(target, message);
        throw error;
      }
    },
  };
}

/** Runs one Web API call and turns its failure into a DeliveryError the dispatcher understands. */
async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw classify(error);
  }
}

function classify(error: unknown): DeliveryError {
  const e = error as { code?: string; retryAfter?: number; statusCode?: number; headers?: Record<string, string>; data?: { error?: string }; message?: string };
  switch (e?.code) {
    case webApi.ErrorCode.RateLimitedError:
      return new DeliveryError(`rate limited by Slack (Retry-After ${e.retryAfter}s)`, "retry", (e.retryAfter ?? 1) * 1000);
    case webApi.ErrorCode.HTTPError: {
      const status = e.statusCode ?? 0;
      const retryAfter = Number.parseInt(e.headers?.["retry-after"] ?? "", 10);
      const transient = status >= 500 || status === 408 || status === 429;
      return new DeliveryError(`Slack answered HTTP ${status}`, transient ? "retry" : "permanent", Number.isNaN(retryAfter) ? undefined : retryAfter * 1000);
    }
    case webApi.ErrorCode.RequestError:
      return new DeliveryError(`cannot reach Slack: ${e.message}`, "retry");
    case webApi.ErrorCode.PlatformError: {
      const code = e.data?.error ?? "unknown_error";
      return new DeliveryError(code, TRANSIENT_PLATFORM_ERRORS.has(code) ? "retry" : "permanent");
    }
    default:
      return error instanceof DeliveryError ? error : new DeliveryError(e?.message ?? String(error), "retry");
  }
}
