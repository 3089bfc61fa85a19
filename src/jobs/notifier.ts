// What the outbox dispatcher needs from a chat platform. A notifier renders the neutral
// Reply for its platform at delivery time and says how a failure should be treated.
import type { Reply } from "../render/reply.js";
import type { OutboxSurface } from "../storage/outbox-repo.js";

export interface DeliveryTarget {
  /** A channel / chat id, or for `dm` the user's id. */
  conversation: string;
  kind: "post" | "dm";
}

/** Which outbox message a post is, so a re-send can first look for the copy that may already be there. */
export interface Delivery {
  /** Stable per outbox message (`golive-<launch>-<outbox id>`). */
  id: string;
  /** The message cannot have been posted before this. */
  since: Date;
  /** An earlier attempt may have reached the platform (a crash, a timeout, a cut connection). */
  retried: boolean;
}

export interface Notifier {
  readonly surface: OutboxSurface;
  /** Posts a new message; `platformRef` is what `update` needs later (Slack channel + ts, Teams activity id). */
  deliver(target: DeliveryTarget, message: Reply, delivery?: Delivery): Promise<{ platformRef: string }>;
  /** Replaces a posted message in place. Returns the (possibly new) ref. */
  update(platformRef: string, target: DeliveryTarget, message: Reply): Promise<{ platformRef: string }>;
}

/**
 * A failure a notifier classified. `retry` with `afterMs` honours the platform's
 * Retry-After; `permanent` goes straight to dead letters. Anything else thrown is retried.
 */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly kind: "retry" | "permanent",
    readonly afterMs?: number,
  ) {
    super(message);
    this.name = "DeliveryError";
  }
}

export type Notifiers = Partial<Record<OutboxSurface, Notifier>>;
