// PagerDuty Events API v2 for the outbox: the routing key is read from the environment
// variable the outbox row names, at send time, and never written anywhere else.
// 202 is accepted; 400 (and other 4xx) are final; 429 and 5xx are retried by the outbox.
import { eventOf } from "../../domain/incidents/pagerduty.js";
import { DeliveryError, type Notifier } from "../../jobs/notifier.js";

export const PAGERDUTY_EVENTS_URL = "https://events.pagerduty.com/v2/enqueue";

export interface PagerDutyNotifierOptions {
  env?: NodeJS.ProcessEnv;
  url?: string;
  timeoutMs?: number;
}

interface PagerDutyAnswer {
  status?: string;
  message?: string;
  dedup_key?: string;
  errors?: string[];
}

export function createPagerDutyNotifier(opts: PagerDutyNotifierOptions = {}): Notifier {
  const env = opts.env ?? process.env;
  const url = opts.url ?? PAGERDUTY_EVENTS_URL;

  async function send(envName: string, message: Parameters<Notifier["deliver"]>[1]) {
    const event = eventOf(message);
    if (!event) throw new DeliveryError("the outbox message is not a PagerDuty event", "permanent");
    const routingKey = env[envName];
    if (!routingKey) throw new DeliveryError(`environment variable ${envName} is not set: set it to the routing key of the PagerDuty service's Events API v2 integration`, "permanent");
    let response: Response;
    try {
      response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ routing_key: routingKey, ...event }),
        signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000),
      });
    } catch (error) {
      throw new DeliveryError(`cannot reach PagerDuty: ${(error as Error).message}`, "retry");
    }
    const answer = (await response.json().catch(() => ({}))) as PagerDutyAnswer;
    if (response.status === 202) return { platformRef: answer.dedup_key ?? event.dedup_key };
    const said = [answer.message, ...(answer.errors ?? [])].filter(Boolean).join(": ") || response.statusText;
    if (response.status === 429 || response.status >= 500) {
      const retryAfter = Number.parseInt(response.headers.get("retry-after") ?? "", 10);
      throw new DeliveryError(`PagerDuty answered HTTP ${response.status} (${said}); retrying`, "retry", Number.isNaN(retryAfter) ? undefined : retryAfter * 1000);
    }
    throw new DeliveryError(`PagerDuty refused the event (HTTP ${response.status}): ${said}`, "permanent");
  }

  return {
    surface: "pagerduty",
    deliver: (target, message) => send(target.conversation, message),
    // Events are never edited: acknowledge and resolve are events of their own.
    update: (_ref, target, message) => send(target.conversation, message),
  };
}
