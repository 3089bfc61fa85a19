import { createHash } from "node:crypto";
import { z } from "zod";
import { storedTargetInput } from "../src/domain/audit/audit-service.js";
import { parseAuditTarget } from "../src/domain/audit/target.js";
import { GoliveError } from "../src/errors.js";
import { reply } from "../src/render/reply.js";
import { eventsRepo } from "../src/storage/events-repo.js";
import { launchesRepo } from "../src/storage/launches-repo.js";
import { readLocalTextFile } from "./local-file.js";
import { defineCommand } from "./types.js";

/** Flag → field of the audit target. `default` as a value removes an optional field. */
const FIELDS = {
  url: "url",
  "http-url": "httpUrl",
  "health-path": "healthPath",
  "login-path": "loginPath",
  "admin-path": "adminPath",
  "static-path": "staticPath",
  "error-path": "errorPath",
  "closed-ports": "closedPorts",
  "open-ports": "openPorts",
  timeout: "timeoutMs",
  "login-ratelimit": "rateLimitLogin",
} as const;

type Flag = keyof typeof FIELDS;

const value = z.string().trim().min(1, "is empty").optional();

/** `5432,6379` → [5432, 6379]; `none` → []; anything else is left for the target schema to explain. */
function ports(text: string): unknown {
  if (text === "none") return [];
  return text.split(",").map((part) => (/^\d+$/.test(part.trim()) ? Number(part.trim()) : part.trim()));
}

function fieldValue(flag: Flag, text: string): unknown {
  if (flag === "closed-ports" || flag === "open-ports") return ports(text);
  if (flag === "timeout") return /^\d+$/.test(text) ? Number(text) : text;
  if (flag === "login-ratelimit") return text === "off" ? { enabled: false } : { enabled: true, attempts: /^\d+$/.test(text) ? Number(text) : text };
  return text;
}

/** A CA certificate shows as its SHA-256 fingerprint in events and replies. */
const fingerprint = (pem: string) => `sha256:${createHash("sha256").update(pem).digest("hex").slice(0, 16)}`;

function forEvent(input: Record<string, unknown> | null) {
  if (!input) return null;
  const { caPem, ...rest } = input;
  return typeof caPem === "string" ? { ...rest, ca: fingerprint(caPem) } : rest;
}

export default defineCommand({
  name: "launch set",
  scope: "launch",
  role: "release-manager",
  summary: "Set what `audit` checks: the site's HTTPS URL, paths worth probing, ports, a private CA, the timeout",
  usage:
    "launch set [--url https://…] [--http-url http://…] [--health-path /health/] [--login-path …] [--admin-path …] [--static-path …] [--error-path …] [--closed-ports 5432,6379|none] [--open-ports 80,443] [--ca-file ca.pem] [--timeout 5000] [--login-ratelimit <attempts>|off]",
  examples: [
    "launch set --url https://shop.example.com",
    "launch set --health-path /healthz/ --closed-ports 5432,6379,8000",
    "launch set --static-path default",
  ],
  flags: { ...Object.fromEntries(Object.keys(FIELDS).map((flag) => [flag, "string" as const])), "ca-file": "string" },
  args: z.object({ ...Object.fromEntries(Object.keys(FIELDS).map((flag) => [flag, value])), "ca-file": value }) as z.ZodType<
    Partial<Record<Flag | "ca-file", string>>
  >,
  async run(args, ctx) {
    const given = Object.entries(args).filter((entry): entry is [Flag | "ca-file", string] => entry[1] !== undefined);
    if (given.length === 0) throw new GoliveError("usage", "Say what to set, e.g. launch set --url https://app.example.com");
    const caPem = args["ca-file"] === undefined || args["ca-file"] === "default"
      ? undefined
      : await readLocalTextFile(ctx, args["ca-file"], "a PEM certificate file", "Run launch set --ca-file in the shell where golive runs.");
    const { db, clock } = ctx.services;
    const at = clock.now();
    const saved = await db.transaction(async (tx) => {
      const launch = (await launchesRepo.byId(tx, ctx.launch.id, true))!;
      const before = storedTargetInput(launch) as Record<string, unknown> | null;
      const input: Record<string, unknown> = { ...before };
      for (const [flag, text] of given) {
        const field = flag === "ca-file" ? "caPem" : FIELDS[flag];
        if (text === "default") delete input[field];
        else input[field] = flag === "ca-file" ? caPem : fieldValue(flag, text);
      }
      if (input.url === undefined) throw new GoliveError("usage", "The audit target needs the site's HTTPS URL.", "Add --url https://app.example.com");
      const parsed = parseAuditTarget(input);
      if (!parsed.ok) throw new GoliveError("invalid", parsed.error, "Nothing was changed. Fix the value and run launch set again.");
      await launchesRepo.update(tx, launch.id, { url: parsed.target.url, settings: { ...launch.settings, target: input } });
      await eventsRepo.append(tx, {
        launchId: launch.id,
        itemKey: null,
        kind: "launch.target_set",
        actor: ctx.actor.id,
        surface: ctx.actor.surface,
        at,
        before: forEvent(before),
        after: forEvent(input),
        note: null,
      });
      return parsed.target;
    });
    const rl = saved.rateLimitLogin;
    return reply.ok(`Audit target of ${ctx.launch.name} set: ${saved.url}`, [
      { kind: "text", text: `Audit target of ${ctx.launch.name} set. Run \`audit\` to check it.` },
      {
        kind: "fields",
        fields: [
          { label: "HTTPS", value: saved.url },
          { label: "HTTP (redirect check)", value: saved.httpUrl },
          { label: "Paths", value: `health ${saved.healthPath} · login ${saved.loginPath} · admin ${saved.adminPath} · static ${saved.staticPath ?? "first asset of the home page"}${saved.errorPath ? ` · error ${saved.errorPath}` : ""}` },
          { label: "Ports closed / open", value: `${saved.closedPorts.join(",") || "none"} / ${saved.openPorts.join(",") || "none"}` },
          { label: "CA", value: saved.caPem ? `private (${fingerprint(saved.caPem)})` : "system trust store" },
          { label: "Timeout", value: `${saved.timeoutMs} ms` },
          { label: "Login rate limit check", value: rl.enabled ? `on (${rl.attempts} failed logins)` : "off" },
        ],
      },
    ]);
  },
});
