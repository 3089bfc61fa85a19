// What an audit runs against: the live site's URLs, the paths worth probing
// and the ports that must (not) answer. Parsed once, with defaults filled in.
import { z } from "zod";

const PATH_HINT = "must be a path starting with '/', e.g. /health/";

const path = z.string().trim().startsWith("/", { error: PATH_HINT });

const port = z
  .number({ error: "ports must be numbers, e.g. [5432, 6379]" })
  .int({ error: "ports must be whole numbers" })
  .min(1, { error: "ports must be between 1 and 65535" })
  .max(65535, { error: "ports must be between 1 and 65535" });

/** A user name or password in a URL (`https://admin:pw@host`) would be shown to every viewer. */
export const hasCredentials = (value: string) => {
  const url = new URL(value);
  return url.username !== "" || url.password !== "";
};
export const CREDENTIALS_HINT =
  "must not contain a user name or password (they would be shown to everyone who can see the launch); give the URL without them — golive's audit checks visit the site anonymously, as a visitor does";

const urlWithProtocol = (protocol: "https:" | "http:", example: string) =>
  z
    .string({ error: `must be a URL like ${example}` })
    .trim()
    .refine((value) => URL.canParse(value), { error: `must be a full URL like ${example}` })
    .refine((value) => !URL.canParse(value) || new URL(value).protocol === protocol, {
      error: `must start with ${protocol}// (e.g. ${example})`,
    })
    .refine((value) => !URL.canParse(value) || !hasCredentials(value), { error: CREDENTIALS_HINT });

export const AuditTargetSchema = z
  .strictObject({
    url: urlWithProtocol("https:", "https://app.example.com/"),
    httpUrl: urlWithProtocol("http:", "http://app.example.com/").optional(),
    healthPath: path.default("/health/"),
    loginPath: path.default("/accounts/login/"),
    adminPath: path.default("/admin/"),
    staticPath: path.optional(),
    errorPath: path.optional(),
    closedPorts: z.array(port).default([5432, 6379, 8000]),
    openPorts: z.array(port).optional(),
    caPem: z
      .string()
      .refine((value) => value.includes("-----BEGIN CERTIFICATE-----"), {
        error: "must be a PEM certificate (-----BEGIN CERTIFICATE----- …)",
      })
      .optional(),
    timeoutMs: z
      .number({ error: "must be a number of milliseconds" })
      .int({ error: "must be a whole number of milliseconds" })
      .min(100, { error: "must be at least 100 ms" })
      .max(60_000, { error: "must be at most 60000 ms (one minute)" })
      .default(5000),
    rateLimitLogin: z
      .strictObject({
        enabled: z.boolean().default(false),
        attempts: z
          .number()
          .int()
          .min(1, { error: "must be at least 1" })
          .max(20, { error: "must be at most 20 so the audit never locks out real users for long" })
          .default(10),
      })
      .default({ enabled: false, attempts: 10 }),
  })
  .transform((target) => {
    const https = new URL(target.url);
    const httpUrl = target.httpUrl ?? `http://${https.hostname}/`;
    const openPorts = target.openPorts ?? [portOf(new URL(httpUrl)), portOf(https)];
    return { ...target, httpUrl, openPorts };
  });

export type AuditTargetInput = z.input<typeof AuditTargetSchema>;
export type AuditTarget = z.output<typeof AuditTargetSchema>;

export type ParseTargetResult = { ok: true; target: AuditTarget } | { ok: false; error: string };

/** Parses a target and explains every problem as `field: what is wrong`. */
export function parseAuditTarget(input: unknown): ParseTargetResult {
  const parsed = AuditTargetSchema.safeParse(input);
  if (parsed.success) return { ok: true, target: parsed.data };
  const problems = parsed.error.issues.map((issue) => {
    const field = issue.path.join(".") || "target";
    return `${field}: ${issue.message}`;
  });
  return { ok: false, error: `Invalid audit target. ${problems.join("; ")}` };
}

export function portOf(url: URL): number {
  if (url.port) return Number(url.port);
  return url.protocol === "https:" ? 443 : 80;
}

/** Host name without IPv6 brackets, as sockets and certificate checks expect it. */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1");
}
