// `checklist lint` warnings about bindings that promise more than the checks can
// show: an item whose words are wider than what its proving checks look at would
// be verified without being proven. Such a check belongs in `evidence=`.
import { CHECK_DEPLOY_CLEAN } from "./check-deploy.js";
import { unknownCheckReason } from "./check-ids.js";

export interface BoundItem {
  text: string;
  audit: readonly string[];
  evidence: readonly string[];
}

interface ScopeRule {
  words: RegExp;
  /** The proving ids this rule is about; the rule fires when the item proves with one of them. */
  checks: readonly string[];
  /** What the check really shows, and what to do instead. */
  why: (check: string) => string;
}

const asEvidence = (check: string) => `bind it with evidence=${check} instead`;

const SCOPE_RULES: readonly ScopeRule[] = [
  {
    words: /\b(all|every|each)\s+(\w+\s+)?forms?\b/i,
    checks: ["csrf.form"],
    why: (check) => `${check} looks at one form (the login page), not at every form; ${asEvidence(check)}`,
  },
  {
    words: /\bmonitor(ing|ed)?\b|\buptime\b/i,
    checks: ["health"],
    why: (check) => `${check} shows that the health endpoint answers, not that anyone monitors it; ${asEvidence(check)}`,
  },
  {
    words: /\bsmoke[- ]?tests?\b/i,
    checks: ["health"],
    why: (check) => `${check} shows that the health endpoint answers, not that a smoke test ran; ${asEvidence(check)}`,
  },
  {
    words: /X_FRAME_OPTIONS\s*=\s*['"]?DENY/i,
    checks: ["frame.options"],
    why: (check) => `${check} also passes SAMEORIGIN and frame-ancestors 'self'; bind frame.options:deny instead`,
  },
  {
    words: /\bALLOWED_HOSTS\b.*\b(domain|host ?names?|yourdomain)/i,
    checks: ["check_deploy:W020"],
    why: (check) => `${check} only says ALLOWED_HOSTS is not empty (['*'] passes it), not which hosts it holds; ${asEvidence(check)}`,
  },
  {
    words: /\bSECRET_KEY\b.*\b(environment|env var|not in (the )?code|stored)\b/i,
    checks: ["check_deploy:W009"],
    why: (check) => `${check} shows the key is strong, not where it is kept; ${asEvidence(check)}`,
  },
];

const FIREWALL_WORDS = /\b(firewall|ufw|iptables|nftables|security groups?)\b/i;
const CHECK_DEPLOY_CLEAN_WORDS = /check\s+--deploy/i;
const family = (ids: readonly string[], check: string) => ids.some((id) => id === check || id.startsWith(`${check}:`));

/** One message per binding of the item that its checks cannot back, and per id golive does not know. */
export function bindingWarnings(item: BoundItem): string[] {
  const warnings: string[] = [];
  for (const [kind, ids] of [["audit", item.audit], ["evidence", item.evidence]] as const) {
    for (const id of ids) {
      const reason = unknownCheckReason(id);
      if (reason) warnings.push(`${kind}=${id} names no check golive can judge (${reason}); the README lists the checks (Audits)`);
    }
  }
  for (const rule of SCOPE_RULES) {
    if (!rule.words.test(item.text)) continue;
    for (const check of rule.checks.filter((id) => item.audit.includes(id))) warnings.push(`audit=${check} cannot prove "${item.text}": ${rule.why(check)}`);
  }
  const open = family(item.audit, "ports.open");
  const closed = family(item.audit, "ports.closed");
  if (FIREWALL_WORDS.test(item.text) && open !== closed) {
    warnings.push(
      `a firewall item proved by ${open ? "ports.open" : "ports.closed"} alone: it needs both ports.open and ports.closed, with the ports that matter (e.g. ports.closed:5432), or bind them with evidence=`,
    );
  }
  const deployIds = item.audit.filter((id) => id.startsWith("check_deploy:"));
  if (CHECK_DEPLOY_CLEAN_WORDS.test(item.text) && deployIds.length > 0 && !deployIds.includes(CHECK_DEPLOY_CLEAN)) {
    warnings.push(`a check --deploy item proved by single warnings (${deployIds.join(", ")}): any other warning would go unseen; bind audit=${CHECK_DEPLOY_CLEAN}`);
  }
  return warnings;
}
