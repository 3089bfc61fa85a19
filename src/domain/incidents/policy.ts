// Escalation policies in a small language, one step per `;`:
//   notify oncall:<rotation> | notify @person | notify role:release-manager | notify channel
//   wait 5m | repeat 2 [from 3] | pagerduty [ENV_NAME]
// Each step is validated by zod; an error names the step (number and text) and how to fix it.
import { z } from "zod";
import { GoliveError } from "../../errors.js";
import type { LaunchPhase } from "../launches/types.js";
import { durationLabel, parseDuration } from "./local-time.js";

export type NotifyTarget =
  | { kind: "rotation"; rotation: string }
  | { kind: "person"; person: string }
  | { kind: "release-managers" }
  | { kind: "channel" };

export type Step =
  | { kind: "notify"; target: NotifyTarget }
  | { kind: "wait"; ms: number }
  | { kind: "repeat"; times: number; from: number }
  | { kind: "pagerduty"; env: string | null };

export interface Policy {
  name: string;
  steps: Step[];
  remindMinutes: number;
}

const MAX_STEPS = 20;
const MAX_WAIT_MS = 24 * 3_600_000;
const ENV_NAME = /^[A-Z_][A-Z0-9_]{0,63}$/;

/** One step's words → a Step; `parseMention` reads `@person`. Zod carries the message for a bad step. */
function stepSchema(parseMention: (token: string) => string | null) {
  return z.string().transform((text, ctx): Step => {
    const words = text.trim().split(/\s+/);
    const [verb, ...rest] = words;
    const fail = (message: string) => {
      ctx.addIssue({ code: "custom", message });
      return z.NEVER;
    };
    switch (verb?.toLowerCase()) {
      case "notify": {
        const what = rest.join(" ");
        if (rest.length !== 1) return fail("notify takes one target: oncall:<rotation>, @person, role:release-manager or channel");
        const rotation = /^oncall:([a-z0-9][a-z0-9-]{0,31})$/i.exec(what);
        if (rotation) return { kind: "notify", target: { kind: "rotation", rotation: rotation[1]!.toLowerCase() } };
        if (/^role:release-managers?$/i.test(what)) return { kind: "notify", target: { kind: "release-managers" } };
        if (/^(channel|here|@here|@channel)$/i.test(what)) return { kind: "notify", target: { kind: "channel" } };
        const person = what.startsWith("@") || what.startsWith("<@") ? parseMention(what) : null;
        if (person) return { kind: "notify", target: { kind: "person", person } };
        return fail(`"${what}" is not a target: write oncall:<rotation>, @person, role:release-manager or channel`);
      }
      case "wait": {
        const ms = rest.length === 1 ? parseDuration(rest[0]!) : null;
        if (ms === null) return fail("wait takes a duration such as 5m, 90s or 1h");
        if (ms < 60_000 || ms > MAX_WAIT_MS) return fail("a wait is between 1m and 24h");
        return { kind: "wait", ms };
      }
      case "repeat": {
        const m = /^(\d{1,2})(?:\s+from\s+(\d{1,2}))?$/i.exec(rest.join(" "));
        if (!m) return fail("repeat takes a count and optionally a step: repeat 2, or repeat 2 from 3");
        const times = Number(m[1]);
        if (times < 1 || times > 10) return fail("repeat between 1 and 10 times");
        return { kind: "repeat", times, from: m[2] ? Number(m[2]) - 1 : 0 };
      }
      case "pagerduty": {
        if (rest.length > 1 || (rest[0] && !ENV_NAME.test(rest[0]))) return fail("pagerduty takes at most the NAME of the environment variable that holds the routing key, e.g. pagerduty PD_ROUTING_KEY");
        return { kind: "pagerduty", env: rest[0] ?? null };
      }
      default:
        return fail(`unknown step "${verb ?? ""}": steps are notify, wait, repeat and pagerduty`);
    }
  });
}

/** Parses and checks a whole policy. Errors point at the step: `step 3 ("wiat 10m"): …`. */
export function parsePolicy(name: string, source: string, opts: { parseMention: (token: string) => string | null; remindMinutes?: number }): Policy {
  const texts = source.split(";").map((s) => s.trim());
  if (texts.at(-1) === "") texts.pop();
  const bad = (index: number, message: string): never => {
    throw new GoliveError("invalid", `Policy ${name}, step ${index + 1} ("${texts[index] ?? ""}"): ${message}.`, 'Steps are separated by ";", e.g. "notify oncall:primary; wait 5m; notify oncall:secondary; wait 10m; notify channel; repeat 2".');
  };
  if (texts.length === 0) throw new GoliveError("invalid", `Policy ${name} has no steps.`, 'Write at least one notify step, e.g. "notify oncall:primary; wait 5m; notify channel".');
  if (texts.length > MAX_STEPS) bad(MAX_STEPS, `a policy has at most ${MAX_STEPS} steps`);
  const schema = stepSchema(opts.parseMention);
  const steps = texts.map((text, i) => {
    if (text === "") return bad(i, "the step is empty (two ; in a row)");
    const parsed = schema.safeParse(text);
    return parsed.success ? parsed.data : bad(i, parsed.error.issues[0]!.message);
  });
  steps.forEach((step, i) => {
    if (step.kind !== "repeat") return;
    if (i !== steps.length - 1) bad(i, "repeat must be the last step");
    if (step.from >= i) bad(i, `it repeats from step ${step.from + 1}, which is not before it`);
    if (!steps.slice(step.from, i).some((s) => s.kind === "wait")) bad(i, "the repeated steps need a wait, or everyone would be paged at once, again and again");
  });
  if (!steps.some((s) => s.kind === "notify" || s.kind === "pagerduty")) {
    throw new GoliveError("invalid", `Policy ${name} notifies nobody.`, "Add a step such as notify oncall:primary.");
  }
  if (steps.at(-1)?.kind === "wait") bad(steps.length - 1, "a policy cannot end with a wait (nothing follows it)");
  return { name, steps, remindMinutes: opts.remindMinutes ?? 30 };
}

export function stepText(step: Step): string {
  switch (step.kind) {
    case "notify": {
      const t = step.target;
      return `notify ${t.kind === "rotation" ? `oncall:${t.rotation}` : t.kind === "person" ? `@${t.person}` : t.kind === "release-managers" ? "role:release-manager" : "channel"}`;
    }
    case "wait":
      return `wait ${durationLabel(step.ms)}`;
    case "repeat":
      return `repeat ${step.times}${step.from > 0 ? ` from ${step.from + 1}` : ""}`;
    case "pagerduty":
      return `pagerduty${step.env ? ` ${step.env}` : ""}`;
  }
}

export const policyText = (steps: Step[]) => steps.map(stepText).join("; ");

const noMention = () => null;

/** Out of the box: launch day pages faster than the other phases. */
export const BUILTIN_POLICIES: Record<"launch-day" | "standard", Policy> = {
  "launch-day": parsePolicy("launch-day", "notify oncall:primary; wait 5m; notify oncall:secondary; wait 5m; notify role:release-manager; wait 5m; notify channel; repeat 2", { parseMention: noMention, remindMinutes: 15 }),
  standard: parsePolicy("standard", "notify oncall:primary; wait 15m; notify oncall:secondary; wait 15m; notify role:release-manager; wait 30m; notify channel; repeat 1", { parseMention: noMention, remindMinutes: 30 }),
};

export const builtinFor = (phase: LaunchPhase) => (phase === "launch-day" ? "launch-day" : "standard");

export const PHASES: LaunchPhase[] = ["pre-launch", "launch-day", "hypercare", "closed"];
