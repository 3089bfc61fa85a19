// Content-Security-Policy parsing and the weaknesses worth reporting.

export type CspDirectives = Map<string, string[]>;

/** Directive name -> sources. Several policies (comma-joined headers) are merged; the first directive of a name wins. */
export function parseCsp(header: string): CspDirectives {
  const directives: CspDirectives = new Map();
  for (const part of header.split(/[;,]/)) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (!name) continue;
    const key = name.toLowerCase();
    if (!directives.has(key)) directives.set(key, sources.map((source) => source.toLowerCase()));
  }
  return directives;
}

const SCRIPT_DIRECTIVES = ["script-src", "script-src-elem", "default-src"];
const WILDCARDS = new Set(["*", "http:", "https:", "data:"]);

export function cspWeaknesses(directives: CspDirectives): string[] {
  const weaknesses: string[] = [];
  const defaultSrc = directives.get("default-src");
  if (!defaultSrc) weaknesses.push("no default-src: anything not named falls back to allow-all");
  const objectSrc = directives.get("object-src");
  if (!objectSrc && !defaultSrc?.includes("'none'")) {
    weaknesses.push("no object-src 'none': plugins (object/embed) are not blocked");
  }
  // The first of these present is the one browsers apply to scripts.
  const scriptDirective = SCRIPT_DIRECTIVES.find((name) => directives.has(name));
  const scriptSources = scriptDirective ? (directives.get(scriptDirective) ?? []) : [];
  const strict = scriptSources.some((source) => /^'(nonce-|sha256-|sha384-|sha512-|strict-dynamic)/.test(source));
  // With a nonce or hash, browsers ignore 'unsafe-inline': it is only a fallback for old ones.
  if (scriptSources.includes("'unsafe-inline'") && !strict) weaknesses.push(`${scriptDirective} allows 'unsafe-inline'`);
  if (scriptSources.includes("'unsafe-eval'")) weaknesses.push(`${scriptDirective} allows 'unsafe-eval'`);
  const wild = scriptSources.filter((source) => WILDCARDS.has(source));
  if (wild.length > 0) weaknesses.push(`${scriptDirective} allows wildcard sources (${wild.join(" ")})`);
  for (const [name, sources] of directives) {
    if (name === scriptDirective || name === "frame-ancestors") continue;
    if (sources.includes("*")) weaknesses.push(`${name} allows any source (*)`);
  }
  return weaknesses;
}
