// Which audit checks prove which checklist item. The checklist says so with
// `audit=` annotations; a checklist that has none (an imported one) gets the
// built-in mapping below, keyed by words in the item text. The shipped
// checklists are fully annotated, so the mapping never overrides their authors.
import type { Item } from "../launches/types.js";
import { checkDeployResultId, KNOWN_DEPLOY_CHECKS } from "./check-deploy.js";
import { listChecks } from "./run-audit.js";

export interface Binding {
  item: Item;
  checks: string[];
  source: "annotation" | "built-in";
  /** Bound ids no check answers to (a typo in the annotation): they never pass. */
  unknown: string[];
}

const ALL_DEPLOY_CHECKS = KNOWN_DEPLOY_CHECKS.map((check) => checkDeployResultId(check.id));

/** First match wins: the `check --deploy` item also mentions DEBUG and HSTS. */
const BUILT_IN_BINDINGS: readonly { pattern: RegExp; checks: readonly string[] }[] = [
  { pattern: /check\s+--deploy/i, checks: ALL_DEPLOY_CHECKS },
  { pattern: /SECURE_HSTS_SECONDS|\bHSTS\b/i, checks: ["hsts", "check_deploy:W004"] },
  { pattern: /SECURE_SSL_REDIRECT/, checks: ["https.redirect", "check_deploy:W008"] },
  { pattern: /\bDEBUG\s*=?\s*False\b/i, checks: ["django.debug", "check_deploy:W018"] },
  { pattern: /SESSION_COOKIE_SECURE/, checks: ["cookies.secure", "check_deploy:W012"] },
  { pattern: /CSRF_COOKIE_SECURE/, checks: ["cookies.secure", "check_deploy:W016"] },
  { pattern: /\bSECRET_KEY\b/, checks: ["check_deploy:W009"] },
  { pattern: /\bALLOWED_HOSTS\b/, checks: ["check_deploy:W020"] },
  { pattern: /X_FRAME_OPTIONS|clickjacking/i, checks: ["frame.options"] },
  { pattern: /NOSNIFF/i, checks: ["nosniff"] },
  { pattern: /Content-Security-Policy|\bCSP\b/i, checks: ["csp"] },
  { pattern: /\b(SSL|TLS) certificate\b/i, checks: ["tls.valid", "tls.protocols"] },
  { pattern: /\bfirewall\b/i, checks: ["ports.open", "ports.closed"] },
  { pattern: /\bhealth[- ]?check\b/i, checks: ["health"] },
  { pattern: /\bcollectstatic\b/i, checks: ["static.served"] },
];

function isKnownCheck(id: string): boolean {
  return /^check_deploy:[\w.-]+$/.test(id) || listChecks().some((check) => check.id === id);
}

function builtInChecks(text: string): readonly string[] {
  return BUILT_IN_BINDINGS.find((rule) => rule.pattern.test(text))?.checks ?? [];
}

/** The bindings of a launch's items, in checklist order; items bound to nothing are left out. */
export function bindingsFor(items: readonly Item[]): Binding[] {
  const annotated = items.some((item) => item.audit.length > 0);
  const bindings: Binding[] = [];
  for (const item of items) {
    const checks = annotated ? item.audit : [...builtInChecks(item.text)];
    if (checks.length === 0) continue;
    bindings.push({
      item,
      checks: [...new Set(checks)],
      source: annotated ? "annotation" : "built-in",
      unknown: checks.filter((id) => !isKnownCheck(id)),
    });
  }
  return bindings;
}
