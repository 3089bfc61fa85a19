// Sensitive data that should never reach a log: e-mail addresses, bearer tokens and API
// keys, passwords or secrets in query strings, Luhn-valid card numbers, session ids in
// URLs. Only redacted examples are kept: the secret itself never leaves this module.

export type SensitiveKind = "email" | "bearer" | "api-key" | "query-secret" | "card" | "session-url";

export const SENSITIVE_LABELS: Record<SensitiveKind, string> = {
  email: "e-mail addresses",
  bearer: "bearer tokens",
  "api-key": "API keys",
  "query-secret": "passwords or secrets in query strings",
  card: "card numbers (Luhn-valid)",
  "session-url": "session ids in URLs",
};

export interface Finding {
  kind: SensitiveKind;
  /** The matched text with the secret part replaced. */
  redacted: string;
}

// Literal hints decide which precise patterns run on a line: most lines have none.
const KEY_HINT = /AKIA|sk_live_|xox[abpr]-|ghp_|glpat-/;

function hasLongDigitRun(line: string): boolean {
  let run = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (++run >= 13) return true;
    } else if (c !== 32 && c !== 45) run = 0;
  }
  return false;
}

interface Hints {
  email: boolean;
  bearer: boolean;
  key: boolean;
  query: boolean;
  card: boolean;
}

function hintsOf(line: string): Hints | null {
  const email = line.indexOf("@") >= 0;
  const bearer = line.indexOf("earer ") >= 0;
  const key = KEY_HINT.test(line);
  const query = line.indexOf("=") >= 0 && (line.indexOf("?") >= 0 || line.indexOf("&") >= 0 || line.indexOf(";") >= 0);
  const card = hasLongDigitRun(line);
  return email || bearer || key || query || card ? { email, bearer, key, query, card } : null;
}

const EMAIL = /[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,24}/g;
const BEARER = /\b[Bb]earer\s+([A-Za-z0-9._~+/=-]{12,})/gi;
const API_KEYS = /\b(AKIA[0-9A-Z]{16}|sk_live_[0-9A-Za-z]{16,}|xox[abpr]-[0-9A-Za-z-]{10,}|ghp_[0-9A-Za-z]{30,}|glpat-[0-9A-Za-z_-]{20})\b/g;
const QUERY_SECRET = /([?&;])((?:password|passwd|pwd|pass|secret|client_secret|token|access_token|refresh_token|api_key|apikey|key|auth)=)([^&\s"#]+)/gi;
const SESSION_URL = /([?&;])((?:sessionid|session_id|jsessionid|phpsessid|sid)=)([^&\s"#]+)/gi;
const CARD = /\b\d(?:[ -]?\d){12,18}\b/g;

export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

const mask = (value: string, keep = 4) => (value.length <= keep ? "****" : `${value.slice(0, keep)}…[redacted]`);

function redactEmail(email: string): string {
  const at = email.indexOf("@");
  return `${email[0]}***${email.slice(at)}`;
}

const NONE: Finding[] = [];

/** Every finding in one line (at most a few per line). */
export function scanLine(line: string): Finding[] {
  const hints = hintsOf(line);
  if (!hints) return NONE;
  const findings: Finding[] = [];
  if (hints.email) for (const m of line.matchAll(EMAIL)) findings.push({ kind: "email", redacted: redactEmail(m[0]) });
  if (hints.bearer) for (const m of line.matchAll(BEARER)) findings.push({ kind: "bearer", redacted: `Bearer ${mask(m[1]!)}` });
  if (hints.key) for (const m of line.matchAll(API_KEYS)) findings.push({ kind: "api-key", redacted: mask(m[1]!, 6) });
  if (hints.query) for (const m of line.matchAll(SESSION_URL)) findings.push({ kind: "session-url", redacted: `${m[2]}[redacted]` });
  if (hints.query) for (const m of line.matchAll(QUERY_SECRET)) findings.push({ kind: "query-secret", redacted: `${m[2]}[redacted]` });
  if (hints.card) for (const m of line.matchAll(CARD)) {
    const digits = m[0].replace(/[ -]/g, "");
    if (digits.length >= 13 && digits.length <= 19 && luhnValid(digits) && !/^(\d)\1+$/.test(digits)) {
      findings.push({ kind: "card", redacted: `**** **** **** ${digits.slice(-4)}` });
    }
  }
  return findings;
}

/** The line with every sensitive value replaced: what samples keep. */
export function redactLine(line: string): string {
  if (!hintsOf(line)) return line;
  return line
    .replace(EMAIL, (m) => redactEmail(m))
    .replace(BEARER, (_m, token: string) => `Bearer ${mask(token)}`)
    .replace(API_KEYS, (_m, key: string) => mask(key, 6))
    .replace(SESSION_URL, "$1$2[redacted]")
    .replace(QUERY_SECRET, "$1$2[redacted]")
    .replace(CARD, (m) => {
      const digits = m.replace(/[ -]/g, "");
      return digits.length >= 13 && luhnValid(digits) ? `**** **** **** ${digits.slice(-4)}` : m;
    });
}
