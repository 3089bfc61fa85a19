// Per-launch incident settings kept in launches.settings.incidents: the PagerDuty routing
// key's environment variable (its NAME only) and whether every incident is mirrored there,
// and the environment variable holding the Sentry client secret.
import { z } from "zod";
import type { Launch } from "../launches/types.js";

const ENV_NAME = /^[A-Z_][A-Z0-9_]{0,63}$/;
export const envName = z.string().regex(ENV_NAME, "must be the NAME of an environment variable (A-Z, 0-9, _), e.g. PD_ROUTING_KEY — never the secret itself");

const incidentSettings = z.object({
  pagerduty: z.object({ env: envName, mirror: z.boolean() }).optional(),
  sentryEnv: envName.optional(),
});

export type IncidentSettings = z.infer<typeof incidentSettings>;

export function incidentSettingsOf(launch: Launch): IncidentSettings {
  const parsed = incidentSettings.safeParse((launch.settings as { incidents?: unknown }).incidents ?? {});
  return parsed.success ? parsed.data : {};
}
