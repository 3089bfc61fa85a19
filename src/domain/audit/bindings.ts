// Which audit checks prove which checklist item, and which only support it.
// - Proving (`audit=`): every one passing, on an authenticated connection, verifies the item.
// - Supporting (`evidence=`): shown with the item as evidence; a failure flags the
//   item or re-opens a verified one; a pass never verifies anything.
// A checklist says so with annotations; one that has none (an imported one) gets
// the built-in mapping below, keyed by words in the item text. The shipped
// checklists are fully annotated, so the mapping never overrides their authors.
import type { Item } from "../launches/types.js";
import { CHECK_DEPLOY_CLEAN } from "./check-deploy.js";
import { unknownCheckReason } from "./check-ids.js";

export interface Binding {
  item: Item;
  /** Checks that prove the item: all passing verifies it. */
  proving: string[];
  /** Checks that only support it: never verify, a failure flags or re-opens. */
  supporting: string[];
  source: "annotation" | "built-in";
  /** Bound ids golive cannot judge (a typo in the annotation), each with why: they never pass. */
  unknown: string[];
}

type Rule = { pattern: RegExp; proving?: readonly string[]; supporting?: readonly string[] };

/**
 * First match wins, so narrower wordings come first: the `check --deploy` item
 * also mentions DEBUG and HSTS; a SECRET_KEY "stored in the environment" is more
 * than check --deploy can see.
 */
const BUILT_IN_BINDINGS: readonly Rule[] = [
  { pattern: /check\s+--deploy/i, proving: [CHECK_DEPLOY_CLEAN] },
  { pattern: /SECURE_HSTS_SECONDS|\bHSTS\b/i, proving: ["hsts", "check_deploy:W004"] },
  { pattern: /SECURE_SSL_REDIRECT/, proving: ["https.redirect", "check_deploy:W008"] },
  { pattern: /\bDEBUG\s*=?\s*False\b/i, proving: ["django.debug", "check_deploy:W018"] },
  { pattern: /SESSION_COOKIE_SECURE/, proving: ["cookies.secure", "check_deploy:W012"] },
  { pattern: /CSRF_COOKIE_SECURE/, proving: ["cookies.secure", "check_deploy:W016"] },
  { pattern: /\bSECRET_KEY\b.*\b(environment|env|not in code|stored|vault)\b/i, supporting: ["check_deploy:W009"] },
  { pattern: /\bSECRET_KEY\b/, proving: ["check_deploy:W009"] },
  // W020 only says ALLOWED_HOSTS is not empty: ['*'] passes it.
  { pattern: /\bALLOWED_HOSTS\b/, supporting: ["check_deploy:W020"] },
  { pattern: /X_FRAME_OPTIONS\s*=\s*['"]?DENY/i, proving: ["frame.options:deny"] },
  { pattern: /X_FRAME_OPTIONS|clickjacking/i, proving: ["frame.options"] },
  { pattern: /NOSNIFF/i, proving: ["nosniff"] },
  { pattern: /Content-Security-Policy|\bCSP\b/i, proving: ["csp"] },
  { pattern: /ssllabs|SSL Labs/i, supporting: ["tls.valid", "tls.protocols"] },
  { pattern: /\b(SSL|TLS) certificate\b/i, proving: ["tls.valid", "tls.protocols"] },
  // UFW being on, SSH limited to some addresses: only their effects can be seen from here.
  { pattern: /\bUFW\b|limited IPs/i, supporting: ["ports.open", "ports.closed"] },
  { pattern: /\bfirewall\b/i, proving: ["ports.open", "ports.closed", "ports.closed:5432", "ports.closed:8000"] },
  { pattern: /\bmonitoring\b|\bsmoke[- ]tests?\b/i, supporting: ["health"] },
  { pattern: /\bhealth[- ]?check\b/i, proving: ["health"] },
  { pattern: /\bCSRF\b.*\b(all|every) forms?\b/i, supporting: ["csrf.form"] },
  { pattern: /\bcollectstatic\b/i, proving: ["static.served"] },
  // A day of logs without findings is no proof that nothing sensitive is ever logged.
  { pattern: /\bsensitive data\b.*\blog|\blogs?\b.*\bsensitive data\b/i, supporting: ["logs.sensitive"] },
];

function builtIn(text: string): { proving: string[]; supporting: string[] } {
  const rule = BUILT_IN_BINDINGS.find((candidate) => candidate.pattern.test(text));
  return { proving: [...(rule?.proving ?? [])], supporting: [...(rule?.supporting ?? [])] };
}

/** Every id bound to the item, proving first. */
export function boundIds(binding: Binding): string[] {
  return [...binding.proving, ...binding.supporting];
}

/** Bindings by the (frozen, cached) items array they were made from: read commands ask again for the same rows. */
const bindingsOf = new WeakMap<readonly Item[], readonly Binding[]>();

/** The bindings of a launch's items, in checklist order; items bound to nothing are left out. */
export function bindingsFor(items: readonly Item[]): readonly Binding[] {
  if (!Object.isFrozen(items)) return makeBindings(items);
  let bindings = bindingsOf.get(items);
  if (!bindings) {
    bindings = Object.freeze(makeBindings(items));
    bindingsOf.set(items, bindings);
  }
  return bindings;
}

function makeBindings(items: readonly Item[]): Binding[] {
  const annotated = items.some((item) => item.audit.length > 0 || item.evidence.length > 0);
  const bindings: Binding[] = [];
  for (const item of items) {
    const { proving, supporting } = annotated ? { proving: item.audit, supporting: item.evidence } : builtIn(item.text);
    if (proving.length === 0 && supporting.length === 0) continue;
    const uniqueProving = [...new Set(proving)];
    // An id that proves the item is not also listed as merely supporting it.
    const uniqueSupporting = [...new Set(supporting)].filter((id) => !uniqueProving.includes(id));
    const ids = [...uniqueProving, ...uniqueSupporting];
    bindings.push({
      item,
      proving: uniqueProving,
      supporting: uniqueSupporting,
      source: annotated ? "annotation" : "built-in",
      unknown: ids.filter((id) => unknownCheckReason(id) !== null),
    });
  }
  return bindings;
}
