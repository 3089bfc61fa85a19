/** When the acknowledgement may no longer wait for the result. Injectable so tests need no real timers. */
export type Deadline = () => { reached: Promise<void>; cancel(): void };

/** Slack drops a request not answered within 3 s; leave room for the network. */
const ACK_DEADLINE_MS = 2500;

export function timerDeadline(ms = ACK_DEADLINE_MS): Deadline {
  return () => {
    let timer: NodeJS.Timeout | undefined;
    const reached = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
      timer.unref();
    });
    return { reached, cancel: () => clearTimeout(timer) };
  };
}

/** The work's value when it settles before the deadline, else `late` (the work keeps running). */
export async function beforeDeadline<T>(work: Promise<T>, deadline: Deadline): Promise<{ done: true; value: T } | { done: false }> {
  const { reached, cancel } = deadline();
  try {
    return await Promise.race([work.then((value) => ({ done: true as const, value })), reached.then(() => ({ done: false as const }))]);
  } finally {
    cancel();
  }
}
