import type { Logger } from "../log.js";
import type { Database } from "../storage/database.js";
import { type OutboxMessage, type OutboxSurface, outboxRepo } from "../storage/outbox-repo.js";
import { type BackoffOptions, DEFAULT_BACKOFF, retryDelay } from "./backoff.js";
import { DeliveryError, type Notifier, type Notifiers } from "./notifier.js";

export interface DispatcherOptions {
  db: Database;
  notifiers: Notifiers;
  log: Logger;
  replica: string;
  /** Attempts before a message goes to dead letters. */
  maxAttempts?: number;
  backoff?: Partial<BackoffOptions>;
  /** How long a claimed message may stay in `sending` before another dispatcher reconciles it. */
  sendLeaseMs?: number;
  batchSize?: number;
  /** Told of every message moved to dead letters (an undeliverable page escalates at once). */
  onDead?: (m: OutboxMessage, reason: string, now: Date) => Promise<void>;
}

const DEFAULT_MAX_ATTEMPTS = 12;

export interface Dispatcher {
  /** Reconciles messages abandoned in `sending` (a crashed dispatcher). */
  reconcile(now: Date, deadReplicas?: string[]): Promise<{ delivered: number; retried: number }>;
  /** Claims and delivers one batch of due messages; returns how many were attempted. */
  runOnce(now: Date): Promise<number>;
}

export function createDispatcher(opts: DispatcherOptions): Dispatcher {
  const { db, log, replica } = opts;
  const maxAttempts = opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const backoff: BackoffOptions = { ...DEFAULT_BACKOFF, ...opts.backoff };
  const surfaces = Object.keys(opts.notifiers) as OutboxSurface[];

  async function deliver(notifier: Notifier, m: OutboxMessage, now: Date) {
    const target = { conversation: m.conversation, kind: m.kind === "dm" ? ("dm" as const) : ("post" as const) };
    const existing = m.kind === "update" && m.updateKey && m.launchId !== null
      ? await outboxRepo.platformRef(db, m.launchId, m.updateKey, m.surface, m.conversation)
      : null;
    try {
      const { platformRef } = existing ? await notifier.update(existing, target, m.payload) : await notifier.deliver(target, m.payload, { id: `golive-${m.launchId ?? 0}-${m.id}`, since: m.createdAt, retried: m.attempts > 1 });
      // The platform's id is stored with the delivered mark, so a restart never sends it again.
      // The window left: a crash after the platform answered and before this write. Slack
      // posts carry the delivery id in their metadata and a re-send first looks for it in the
      // channel; Teams' sendActivity takes no idempotency key, so there that message is sent
      // again after reconcile (updates are idempotent by nature).
      await db.transaction(async (tx) => {
        await outboxRepo.markDelivered(tx, m.id, platformRef, now);
        if (m.updateKey && m.launchId !== null) {
          await outboxRepo.setPlatformRef(tx, m.launchId, m.updateKey, m.surface, m.conversation, platformRef, now);
        }
      });
    } catch (error) {
      await failed(m, error, now);
    }
  }

  async function failed(m: OutboxMessage, error: unknown, now: Date) {
    const reason = (error as Error)?.message ?? String(error);
    const permanent = error instanceof DeliveryError && error.kind === "permanent";
    if (permanent || m.attempts >= maxAttempts) {
      await outboxRepo.markDead(db, m.id, reason);
      log.error(
        { outboxId: m.id, surface: m.surface, conversation: m.conversation, attempts: m.attempts, error: reason },
        permanent ? "outbox message refused by the platform: moved to dead letters" : "outbox message failed too often: moved to dead letters",
      );
      await opts.onDead?.(m, reason, now).catch((hookError) => log.error({ err: hookError, outboxId: m.id }, "outbox: acting on a dead message failed"));
      return;
    }
    const afterMs = error instanceof DeliveryError ? error.afterMs : undefined;
    const delay = retryDelay(m.attempts, backoff, afterMs);
    await outboxRepo.retryLater(db, m.id, new Date(now.getTime() + delay), reason);
    log.warn({ outboxId: m.id, surface: m.surface, attempts: m.attempts, retryInMs: delay, error: reason }, "outbox delivery failed; will retry");
  }

  return {
    async reconcile(now, deadReplicas) {
      const result = await outboxRepo.reconcileAbandoned(db, now, deadReplicas);
      if (result.delivered + result.retried > 0) log.warn(result, "outbox: reconciled messages a stopped dispatcher left in sending");
      return result;
    },
    async runOnce(now) {
      if (surfaces.length === 0) return 0;
      const claimed = await outboxRepo.claimDue(db, {
        now,
        surfaces,
        replica,
        leaseMs: opts.sendLeaseMs ?? 120_000,
        limit: opts.batchSize ?? 20,
      });
      // Each claimed message heads its own conversation, so they may go out in parallel.
      await Promise.all(claimed.map((m) => deliver(opts.notifiers[m.surface]!, m, now)));
      return claimed.length;
    },
  };
}
