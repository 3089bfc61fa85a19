/** One request's deadline, started when the request arrived. */
export interface DeadlineTimer {
  reached: Promise<void>;
  cancel(): void;
}

/** Starts a deadline: when the acknowledgement may no longer wait for the result. Injectable so tests need no real timers. */
export type Deadline = () => DeadlineTimer;

/** Slack drops a request not answered within 3 s; leave room for the network and for a busy event loop (counted from arrival). */
const ACK_DEADLINE_MS = 2000;

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
export async function beforeDeadline<T>(work: Promise<T>, timer: DeadlineTimer): Promise<{ done: true; value: T } | { done: false }> {
  const { reached, cancel } = timer;
  try {
    return await Promise.race([work.then((value) => ({ done: true as const, value })), reached.then(() => ({ done: false as const }))]);
  } finally {
    cancel();
  }
}

/** Where the receiver leaves the deadline it started when the request arrived (bolt context). */
export const ARRIVAL_DEADLINE = "goliveArrivalDeadline";

/** The deadline started at the request's arrival (HTTP), else one started now (Socket Mode). */
export function requestDeadline(context: Record<string, unknown>, fallback: Deadline): DeadlineTimer {
  return (context[ARRIVAL_DEADLINE] as DeadlineTimer | undefined) ?? fallback();
}
