// Repairs text whose UTF-8 bytes were once decoded as Mac Roman and saved again
// ("üöÄ" for 🚀, "‚Äî" for —). Each maximal run of non-ASCII characters is
// mapped back to bytes and re-decoded one UTF-8 sequence at a time; characters
// that do not form a valid sequence stay as they are, so proper UTF-8 text
// (é, —, 🚀) passes through unchanged.

export interface MojibakeRepair {
  /** 1-based line of the repaired text. */
  line: number;
  from: string;
  to: string;
}

const macRomanByteOf: ReadonlyMap<string, number> = (() => {
  const decoder = new TextDecoder("macintosh");
  const map = new Map<string, number>();
  for (let byte = 0x80; byte <= 0xff; byte++) {
    map.set(decoder.decode(new Uint8Array([byte])), byte);
  }
  return map;
})();

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

const NON_ASCII_RUN = /[^\x00-\x7f]+/g;

function sequenceLength(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

function decodeSequence(bytes: number[]): string | null {
  try {
    const decoded = strictUtf8.decode(new Uint8Array(bytes));
    const codePoint = decoded.codePointAt(0) ?? 0;
    // C1 controls never appear in real text: such a "repair" would be wrong.
    if (codePoint >= 0x80 && codePoint <= 0x9f) return null;
    return decoded;
  } catch {
    return null;
  }
}

// Two-byte sequences are easy to hit by accident in proper text ("“é" maps to
// the bytes of a Cyrillic letter), so a lone one is only trusted when it
// yields a Latin letter or symbol; three- and four-byte ones are unambiguous.
function isPlausibleTwoByteRepair(decoded: string): boolean {
  const codePoint = decoded.codePointAt(0) ?? 0;
  return codePoint >= 0xa0 && codePoint <= 0x24f;
}

const isContinuation = (b: number | undefined): b is number => b !== undefined && b >= 0x80 && b <= 0xbf;

// Byte 0xF0 decodes to U+F8FF (Apple logo, private use), which copy and paste
// often drops: "üöÄ" without it is still 🚀 with its first byte lost.
function emojiWithoutLead(bytes: (number | undefined)[], i: number): string | null {
  const [b1, b2, b3] = [bytes[i], bytes[i + 1], bytes[i + 2]];
  if (b1 !== 0x9f || !isContinuation(b2) || !isContinuation(b3)) return null;
  const decoded = decodeSequence([0xf0, b1, b2, b3]);
  const codePoint = decoded?.codePointAt(0) ?? 0;
  return codePoint >= 0x1f300 && codePoint <= 0x1faff ? decoded : null;
}

interface Piece {
  original: string;
  text: string;
  byteLength: number;
}

function repairRun(run: string): Piece[] {
  const chars = Array.from(run);
  const bytes = chars.map((c) => macRomanByteOf.get(c));
  const pieces: Piece[] = [];
  let i = 0;
  while (i < chars.length) {
    const lead = bytes[i];
    const length = lead === undefined ? 0 : sequenceLength(lead);
    const slice = bytes.slice(i, i + length);
    if (length > 0 && slice.length === length && slice.every((b) => b !== undefined)) {
      const decoded = decodeSequence(slice as number[]);
      if (decoded !== null) {
        pieces.push({ original: chars.slice(i, i + length).join(""), text: decoded, byteLength: length });
        i += length;
        continue;
      }
    }
    const emoji = emojiWithoutLead(bytes, i);
    if (emoji !== null) {
      pieces.push({ original: chars.slice(i, i + 3).join(""), text: emoji, byteLength: 4 });
      i += 3;
      continue;
    }
    pieces.push({ original: chars[i]!, text: chars[i]!, byteLength: 0 });
    i += 1;
  }
  const wholeRunIsWords = pieces.length > 1 && pieces.every((p) => p.byteLength > 0);
  if (wholeRunIsWords) return pieces;
  return pieces.map((p) =>
    p.byteLength === 2 && !isPlausibleTwoByteRepair(p.text) ? { original: p.original, text: p.original, byteLength: 0 } : p,
  );
}

export function repairMojibake(text: string): { text: string; repairs: MojibakeRepair[] } {
  const repairs: MojibakeRepair[] = [];
  const lineStarts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) lineStarts.push(i + 1);
  let lineIndex = 0;

  const repaired = text.replace(NON_ASCII_RUN, (run, offset: number) => {
    const pieces = repairRun(run);
    if (!pieces.some((p) => p.byteLength > 0)) return run;
    while (lineIndex + 1 < lineStarts.length && lineStarts[lineIndex + 1]! <= offset) lineIndex++;
    const to = pieces.map((p) => p.text).join("");
    repairs.push({ line: lineIndex + 1, from: run, to });
    return to;
  });
  return { text: repaired, repairs };
}
