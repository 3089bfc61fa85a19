import { z } from "zod";
import { GoliveError } from "../src/errors.js";
import type { Command, Token } from "./types.js";

const QUOTES: Record<string, string> = { '"': '"', "'": "'", "\u201c": "\u201d", "\u2018": "\u2019" };
// Tabs and newlines are ordinary spacing; other control characters are refused.
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
export const MAX_INPUT = 4000;

// Invisible characters that would be stored and shown again: bidi overrides and isolates, and
// zero-width characters (a zero-width joiner inside an emoji sequence is kept).
const INVISIBLE = /[\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u061c\u180e\ufeff]|(?<!\p{Extended_Pictographic}\ufe0f?)\u200d|\u200d(?!\p{Extended_Pictographic})/gu;

/** Text as golive stores it: no bidi or zero-width controls, and CR or CRLF turned into LF. */
export function normalizeInput(text: string): string {
  return text.replace(INVISIBLE, "").replace(/\r\n?/g, "\n");
}

/** Splits a command line into tokens; quotes (straight or smart, as chat clients send them) group words. */
export function tokenize(line: string): Token[] {
  if (line.length > MAX_INPUT) {
    throw new GoliveError("invalid", `The command is ${line.length} characters long; the limit is ${MAX_INPUT}.`, "Shorten the text, e.g. put long notes in a linked document.");
  }
  if (CONTROL.test(line)) throw new GoliveError("invalid", "The command contains control characters.", "Retype it as plain text.");
  line = normalizeInput(line);
  const tokens: Token[] = [];
  let i = 0;
  while (i < line.length) {
    const c = line[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const close = QUOTES[c];
    if (close) {
      const end = line.indexOf(close, i + 1);
      if (end === -1) throw new GoliveError("usage", `A quote (${c}) is not closed.`, "Close it, or leave the quotes out.");
      tokens.push({ value: line.slice(i + 1, end), quoted: true });
      i = end + 1;
      continue;
    }
    let j = i;
    while (j < line.length && !/\s/.test(line[j]!)) j++;
    tokens.push({ value: line.slice(i, j), quoted: false });
    i = j;
  }
  return tokens;
}

/** Maps tokens onto a command's positionals and flags, then validates them with its zod schema. */
export function bindArgs(command: Command, tokens: Token[]): unknown {
  const flagsSpec = command.flags ?? {};
  const named: Record<string, unknown> = {};
  const positional: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.quoted || !t.value.startsWith("--") || t.value === "--") {
      positional.push(t);
      continue;
    }
    const [flag, inline] = splitFlag(t.value.slice(2));
    const type = flagsSpec[flag];
    if (!type) {
      const known = Object.keys(flagsSpec).map((f) => `--${f}`);
      throw new GoliveError("usage", `\`${command.name}\` has no option --${flag}.`, known.length ? `Options: ${known.join(", ")}` : `Usage: ${command.usage}`);
    }
    if (type === "boolean") {
      if (inline !== undefined) throw new GoliveError("usage", `--${flag} takes no value (got --${flag}=${inline}).`, `Write just --${flag}, or leave it out. Usage: ${command.usage}`);
      named[flag] = true;
      continue;
    }
    const value = inline ?? tokens[++i]?.value;
    if (value === undefined || (inline === undefined && tokens[i]!.value.startsWith("--") && !tokens[i]!.quoted)) {
      throw new GoliveError("usage", `--${flag} needs a value.`, `Usage: ${command.usage}`);
    }
    named[flag] = type === "strings" ? [...((named[flag] as string[] | undefined) ?? []), value] : value;
  }
  const specs = command.positionals ?? [];
  specs.forEach((spec, index) => {
    const kind = spec.kind ?? "one";
    if (kind === "one") {
      if (positional[index]) named[spec.name] = positional[index].value;
      return;
    }
    const rest = positional.slice(index);
    if (rest.length === 0) return;
    named[spec.name] = kind === "rest" ? rest.map((t) => t.value).join(" ") : rest;
  });
  const restful = specs.some((s) => s.kind === "rest" || s.kind === "tokens");
  if (!restful && positional.length > specs.length) {
    throw new GoliveError("usage", `Unexpected "${positional[specs.length]!.value}".`, `Usage: ${command.usage}`);
  }
  const parsed = command.args.safeParse(named);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join(".");
    const label = flagsSpec[field] ? `--${field}` : `<${field}>`;
    const message = issue.code === "invalid_type" && named[field] === undefined ? `${label} is missing.` : `${label}: ${issue.message}`;
    throw new GoliveError("usage", message, `Usage: ${command.usage}`);
  }
  return parsed.data;
}

function splitFlag(text: string): [string, string | undefined] {
  const eq = text.indexOf("=");
  return eq === -1 ? [text, undefined] : [text.slice(0, eq), text.slice(eq + 1)];
}

/** Reusable argument schemas with messages that say how to fix the value. */
export const arg = {
  text: (what: string, max = 2000) =>
    z
      .string()
      .trim()
      .min(1, `${what} is empty`)
      .max(max, `${what} is longer than ${max} characters`),
  launchName: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,47}$/, "use 1–48 lowercase letters, digits and dashes, starting with a letter or digit (e.g. osce-prod)"),
  page: z.coerce.number().int("must be a whole number").min(1, "must be 1 or more").max(10_000).default(1),
};

/**
 * Adds free text (a reason typed in a modal or card) to a command line as one quoted
 * token, so words like `--until` inside it are not read as options.
 */
export function appendArgument(command: string, text: string): string {
  const clean = text.replace(/\s+/g, " ").trim();
  if (clean === "") return command;
  const [open, close] = !clean.includes('"') ? ['"', '"'] : !clean.includes("\u201d") ? ["\u201c", "\u201d"] : ["'", "'"];
  return `${command} ${open}${clean.replaceAll(close, "")}${close}`;
}
