// Item annotations: an HTML comment on the item such as
// `<!-- golive: key=debug-off critical owner=@ops due=T-7d audit=hsts,tls.valid evidence=health phase=launch-day -->`.
// `audit=` names the checks that prove the item (all pass: verified); `evidence=`
// the checks that only support it (shown with it; a failure flags or re-opens it,
// a pass never verifies it). Each token is checked on its own, so one bad token
// loses only itself.
import { z } from "zod";
import type { Phase } from "./types.js";

export interface Annotation {
  key: string | null;
  critical: boolean;
  owner: string | null;
  due: string | null;
  /** Proving checks: every one passing verifies the item. */
  audit: string[];
  /** Supporting checks: shown as evidence; a failure flags or re-opens the item; never verifies it. */
  evidence: string[];
  phase: Phase | null;
}

export const ITEM_KEY_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

const isRealDate = (value: string) => {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
};

const checkIds = z.array(z.string().regex(/^[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)*(?::[A-Za-z0-9_.-]+)?$/)).min(1);

const valueSchemas = {
  key: z.string().regex(ITEM_KEY_PATTERN),
  owner: z.string().regex(/^@[A-Za-z0-9][\w.-]{0,79}$/),
  due: z.union([z.string().regex(/^T(?:[+-]\d{1,3}d)?$/), z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine(isRealDate)]),
  audit: checkIds,
  evidence: checkIds,
  phase: z.enum(["pre-launch", "launch-day", "post-launch"]),
} as const;

const expected: Record<keyof typeof valueSchemas, string> = {
  key: "key=<lowercase letters, digits and dashes, up to 64, starting with a letter or digit>",
  owner: "owner=@name",
  due: "due=T, due=T-<n>d, due=T+<n>d or due=YYYY-MM-DD",
  audit: "audit=<check ids separated by commas, like tls.valid,check_deploy:W018>",
  evidence: "evidence=<check ids separated by commas, like health>",
  phase: "phase=pre-launch, phase=launch-day or phase=post-launch",
};

const isValueName = (name: string): name is keyof typeof valueSchemas => Object.hasOwn(valueSchemas, name);

const GOLIVE_COMMENT = /<!--\s*golive:([\s\S]*?)-->/g;

/** The bodies of the golive comments in a piece of HTML (other comments are ignored). */
export function findAnnotationBodies(html: string): string[] {
  return Array.from(html.matchAll(GOLIVE_COMMENT), (m) => m[1] ?? "");
}

export const emptyAnnotation = (): Annotation => ({
  key: null,
  critical: false,
  owner: null,
  due: null,
  audit: [],
  evidence: [],
  phase: null,
});

/** Parses annotation bodies into `into`; returns one message per rejected token. */
export function applyAnnotation(body: string, into: Annotation): string[] {
  const problems: string[] = [];
  for (const token of body.trim().split(/\s+/).filter(Boolean)) {
    if (token === "critical") {
      into.critical = true;
      continue;
    }
    const eq = token.indexOf("=");
    const name = eq === -1 ? token : token.slice(0, eq);
    if (eq === -1 || !isValueName(name)) {
      problems.push(`annotation token '${token}' is not understood: expected critical, key=, owner=, due=, audit=, evidence= or phase=`);
      continue;
    }
    const raw = token.slice(eq + 1);
    const isList = name === "audit" || name === "evidence";
    const parsed = valueSchemas[name].safeParse(isList ? raw.split(",").filter(Boolean) : raw);
    if (!parsed.success) {
      problems.push(`annotation token '${token}' is invalid: expected ${expected[name]}`);
      continue;
    }
    if (isList) into[name] = [...new Set([...into[name], ...(parsed.data as string[])])];
    else if (name === "phase") into.phase = parsed.data as Phase;
    else into[name] = parsed.data as string;
  }
  return problems;
}
