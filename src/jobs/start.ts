import { createTask } from "node-cron";
import type { Services } from "../../commands/types.js";
import { outboxMessageDead } from "../domain/incidents/escalation.js";
import { createDispatcher, type DispatcherOptions } from "./dispatcher.js";
import type { Job } from "./job.js";
import type { Notifiers } from "./notifier.js";
import { defaultReplica } from "./run-job.js";
import { previousLives } from "./previous-lives.js";
import { createScheduler } from "./scheduler.js";

export interface StartJobsOptions {
  services: Services;
  /** The surfaces this process delivers to (e.g. `{ slack, shell }`); others' messages wait for a process that has them. */
  notifiers: Notifiers;
  /** Names this process in job runs and outbox claims; defaults to host-pid. */
  replica?: string;
  jobs?: Job[];
  /** How often the dispatcher looks for due messages when the outbox was empty. */
  dispatchIntervalMs?: number;
  dispatcher?: Pick<DispatcherOptions, "maxAttempts" | "backoff" | "sendLeaseMs" | "batchSize">;
}

/** Another replica's abandoned `sending` messages are looked for this often (and at start). */
const RECONCILE_EVERY_MS = 30_000;

export interface RunningJobs {
  stop(): Promise<void>;
}

/**
 * Starts the outbox dispatcher and the scheduler (a node-cron tick every minute; slots are
 * claimed in the database), and returns at once. The runs and sends of this host's earlier,
 * dead processes are failed and redone first; then delivery starts, and missed slots of today
 * are caught up beside it: a slow catch-up job never holds delivery or serving.
 */
export async function startJobs(opts: StartJobsOptions): Promise<RunningJobs> {
  const { db, clock, log } = opts.services;
  const replica = opts.replica ?? defaultReplica();
  const scheduler = createScheduler({ db, log, clock, replica, jobs: opts.jobs });
  const dispatcher = createDispatcher({
    db,
    log,
    replica,
    notifiers: opts.notifiers,
    onDead: (m, reason, now) => outboxMessageDead(db, m.launchId, m.id, reason, now),
    ...opts.dispatcher,
  });
  const interval = opts.dispatchIntervalMs ?? 1_000;
  const inFlight = new Set<Promise<unknown>>();
  const track = <T>(p: Promise<T>) => {
    inFlight.add(p);
    p.finally(() => inFlight.delete(p)).catch(() => {});
    return p;
  };
  // Ticks never overlap: the cron tick waits for the catch-up (or the previous tick) to end.
  let lastTick: Promise<unknown> = Promise.resolve();
  const tick = () => {
    const next = lastTick.then(() => scheduler.tick(clock.now())).catch((error) => log.error({ err: error }, "scheduler tick failed"));
    lastTick = next;
    return track(next);
  };

  // This host's earlier processes that died: their runs are failed and their sends redone now,
  // not after the lease (a few statements, before delivery starts).
  const previous = await previousLives(db, replica);
  await scheduler.failAbandoned(clock.now(), previous);
  await dispatcher.reconcile(clock.now(), previous);

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let reconciledAt = clock.now().getTime();
  let lastFailure = { message: "", loggedAt: 0, repeated: 0 };
  const dispatchLoop = async () => {
    sleeping = false;
    let delivered = 0;
    try {
      if (clock.now().getTime() - reconciledAt >= RECONCILE_EVERY_MS) {
        reconciledAt = clock.now().getTime();
        await dispatcher.reconcile(clock.now());
      }
      delivered = await track(dispatcher.runOnce(clock.now()));
    } catch (error) {
      // The loop runs every second: a database that stays down is one error a minute, not sixty.
      const message = (error as Error)?.message ?? String(error);
      const at = clock.now().getTime();
      if (message !== lastFailure.message || at - lastFailure.loggedAt >= 60_000) {
        log.error({ err: error, repeated: lastFailure.repeated }, "outbox dispatch failed");
        lastFailure = { message, loggedAt: at, repeated: 0 };
      } else lastFailure.repeated++;
    }
    // A full batch means more may be waiting: go again at once.
    if (!stopped) {
      sleeping = delivered === 0;
      timer = setTimeout(dispatchLoop, delivered > 0 ? 0 : interval);
    }
  };
  let sleeping = false;
  /** What a tick enqueued goes out now, not at the next poll. */
  const wake = () => {
    if (stopped || !sleeping) return;
    sleeping = false;
    clearTimeout(timer);
    timer = setTimeout(dispatchLoop, 0);
  };
  // Delivery starts first; today's missed slots are caught up beside it, never awaited here.
  timer = setTimeout(dispatchLoop, 0);
  void tick().then(wake);

  const task = createTask("* * * * *", tick, { name: `golive-scheduler-${replica}`, noOverlap: true });
  await task.start();

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await task.destroy();
      await Promise.allSettled([...inFlight]);
    },
  };
}
