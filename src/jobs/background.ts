// Work a command starts and answers for at once (`backup now`, `backup drill`): tracked so
// a one-shot CLI waits for it, and stopped (through its signal) when golive shuts down.
const inFlight = new Set<Promise<unknown>>();
let controller = new AbortController();

export function inBackground(work: Promise<unknown>): void {
  inFlight.add(work);
  work.finally(() => inFlight.delete(work)).catch(() => {});
}

/** Long work (backups, drills) stops when this aborts: the process is shutting down. */
export const backgroundSignal = (): AbortSignal => controller.signal;

/** Waits until every background work has ended. */
export async function settleBackground(): Promise<void> {
  while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
}

/** Asks background work to stop (each records itself as failed), waits for it, and re-arms. */
export async function stopBackground(reason: string): Promise<void> {
  controller.abort(reason);
  await settleBackground();
  controller = new AbortController();
}
