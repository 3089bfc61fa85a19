// Text helpers for Block Kit: mrkdwn escaping and cutting to Slack's length
// limits. Lengths are measured in UTF-16 code units (String#length), which is
// never less than what Slack counts, and cuts never split a surrogate pair.

export const ELLIPSIS = "…";

/** Escapes the three characters Slack mrkdwn treats as control characters. */
export function escapeMrkdwn(text: string): string {
  return MRKDWN_SPECIAL.test(text) ? text.replace(MRKDWN_SPECIALS, (char) => MRKDWN_ESCAPES[char]!) : text;
}

const MRKDWN_SPECIAL = /[&<>]/;
const MRKDWN_SPECIALS = /[&<>]/g;
const MRKDWN_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };
const LONGEST_ESCAPE = "&amp;".length;

/** Cuts plain text to at most `max` code units, ending with "…" when cut. */
export function cutPlain(text: string, max: number): string {
  if (text.length <= max) return text;
  return takeCodePoints(text, max - ELLIPSIS.length, (point) => point) + ELLIPSIS;
}

/**
 * Escapes `raw` for mrkdwn and cuts the result to at most `max` code units,
 * ending with "…" when cut. Cuts between escapes, never inside `&amp;`.
 */
export function cutEscaped(raw: string, max: number): string {
  const escaped = escapeMrkdwn(raw);
  if (escaped.length <= max) return escaped;
  return takeCodePoints(raw, max - ELLIPSIS.length, escapeMrkdwn) + ELLIPSIS;
}

function takeCodePoints(raw: string, max: number, encode: (point: string) => string): string {
  let out = "";
  for (const point of raw) {
    const encoded = encode(point);
    if (out.length + encoded.length > max) break;
    out += encoded;
  }
  return out;
}

export interface TextChunk {
  /** Escaped mrkdwn, 1..max code units. */
  mrkdwn: string;
  /** How many characters of the original text this chunk carries. */
  rawLength: number;
}

/**
 * Splits `raw` into escaped chunks of at most `max` code units each, breaking
 * at line ends where possible, then at spaces, then anywhere.
 */
export function splitEscaped(raw: string, max: number): TextChunk[] {
  const pieces = splitToFit(splitAfter(raw, "\n"), max, (piece) => splitAfter(piece, " "));
  const fitted = splitToFit(pieces, max, (piece) => Array.from(piece));
  const chunks: TextChunk[] = [];
  let current = "";
  let currentRaw = 0;
  const flush = () => {
    const mrkdwn = current.trimEnd();
    if (mrkdwn.trim().length > 0) chunks.push({ mrkdwn, rawLength: currentRaw });
    else if (chunks.length > 0) chunks[chunks.length - 1]!.rawLength += currentRaw;
    current = "";
    currentRaw = 0;
  };
  for (const piece of fitted) {
    const escaped = escapeMrkdwn(piece);
    if (current.length + escaped.length > max) flush();
    current += escaped;
    currentRaw += piece.length;
  }
  flush();
  return chunks;
}

function splitToFit(pieces: string[], max: number, split: (piece: string) => string[]): string[] {
  const fits = (piece: string) => piece.length * LONGEST_ESCAPE <= max || escapeMrkdwn(piece).length <= max;
  return pieces.flatMap((piece) => (fits(piece) ? [piece] : split(piece)));
}

/** Splits after each `separator`, keeping it at the end of its piece. */
function splitAfter(text: string, separator: string): string[] {
  const pieces: string[] = [];
  let start = 0;
  for (let at = text.indexOf(separator); at !== -1; at = text.indexOf(separator, start)) {
    pieces.push(text.slice(start, at + separator.length));
    start = at + separator.length;
  }
  if (start < text.length) pieces.push(text.slice(start));
  return pieces;
}
