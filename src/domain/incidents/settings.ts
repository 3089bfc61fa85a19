// Per-launch incident settings kept in launches.settings.incidents: the PagerDuty routing
// key's environment variable (its NAME only) and whether every incident is mirrored there,
// the environment variable holding the Sentry client secret, and the 5xx-rate check.
import { z } from "zod";
import type { Launch } from "../launches/types.js";

const ENV_NAME = /^[A-Z_][A-Z0-9_]{0,63}$/;
export const envName = z.string().regex(ENV_NAME, "must be the NAME of an environment variable (A-Z, 0-9, _), e.g. PD_ROUTING_KEY — never the secret itself");

/** When the latest logs raise an incident: a 5xx rate over `threshold` of at least `minRequests` in the last `windowMinutes`. */
const errorRate = z.object({
  enabled: z.boolean(),
  threshold: z.number().gt(0).lt(1),
  minRequests: z.number().int().min(1),
  windowMinutes: z.number().int().min(1).max(1440),
});

export type ErrorRateSettings = z.infer<typeof errorRate>;

/** On out of the box (it only runs with log sources and an on-call rotation or policy). */
export const ERROR_RATE_DEFAULTS: ErrorRateSettings = { enabled: true, threshold: 0.05, minRequests: 200, windowMinutes: 15 };

const incidentSettings = z.object({
  pagerduty: z.object({ env: envName, mirror: z.boolean() }).optional(),
  sentryEnv: envName.optional(),
  errorRate: errorRate.optional(),
});

export type IncidentSettings = z.infer<typeof incidentSettings>;

export function incidentSettingsOf(launch: Launch): IncidentSettings {
  const parsed = incidentSettings.safeParse((launch.settings as { incidents?: unknown }).incidents ?? {});
  return parsed.success ? parsed.data : {};
}

export function errorRateOf(launch: Launch): ErrorRateSettings {
  return incidentSettingsOf(launch).errorRate ?? ERROR_RATE_DEFAULTS;
}
