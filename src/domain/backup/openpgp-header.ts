// Reads the first OpenPGP packets of an artifact back, so the manifest (and the
// backup.encrypted check) state what was written, not what was intended.
import type { OpenPgpHeader } from "./types.js";

const CIPHERS: Record<number, string> = { 7: "AES-128", 8: "AES-192", 9: "AES-256" };
const S2K: Record<number, string> = { 0: "simple", 1: "salted", 3: "iterated+salted" };
const HASHES: Record<number, string> = { 2: "SHA-1", 8: "SHA-256", 9: "SHA-384", 10: "SHA-512" };

interface Packet {
  tag: number;
  body: Buffer;
  next: number;
}

/** One packet header (old or new format) at `offset`; partial lengths are fine, only the start is read. */
function packetAt(bytes: Buffer, offset: number): Packet | null {
  const ctb = bytes[offset];
  if (ctb === undefined || (ctb & 0x80) === 0) return null;
  let tag: number;
  let length: number;
  let start: number;
  if (ctb & 0x40) {
    tag = ctb & 0x3f;
    const first = bytes[offset + 1];
    if (first === undefined) return null;
    if (first < 192) [length, start] = [first, offset + 2];
    else if (first < 224) [length, start] = [((first - 192) << 8) + (bytes[offset + 2] ?? 0) + 192, offset + 3];
    else if (first === 255) [length, start] = [bytes.readUInt32BE(offset + 2), offset + 6];
    else [length, start] = [1 << (first & 0x1f), offset + 2];
  } else {
    tag = (ctb >> 2) & 0x0f;
    const type = ctb & 0x03;
    const size = [1, 2, 4, 0][type]!;
    length = size === 1 ? bytes[offset + 1]! : size === 2 ? bytes.readUInt16BE(offset + 1) : size === 4 ? bytes.readUInt32BE(offset + 1) : 0;
    start = offset + 1 + size;
  }
  return { tag, body: bytes.subarray(start, start + length), next: start + length };
}

/** `SKESK v4 (AES-256, iterated+salted SHA-256) + SEIPD v1`, or null when the bytes are not that. */
export function readOpenPgpHeader(bytes: Buffer): OpenPgpHeader | null {
  const skesk = packetAt(bytes, 0);
  if (!skesk || skesk.tag !== 3 || skesk.body[0] !== 4) return null;
  const cipher = CIPHERS[skesk.body[1]!] ?? `cipher ${skesk.body[1]}`;
  const s2k = `${S2K[skesk.body[2]!] ?? `s2k ${skesk.body[2]}`} ${HASHES[skesk.body[3]!] ?? ""}`.trim();
  const data = packetAt(bytes, skesk.next);
  if (!data || data.tag !== 18) return null;
  return { format: "OpenPGP", packets: `SKESK v4 + SEIPD v${data.body[0]}`, algorithm: cipher, s2k };
}
