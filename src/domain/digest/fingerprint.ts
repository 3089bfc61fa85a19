// Groups errors the way Sentry does when no fingerprint is set: exception type, plus the
// normalized message, plus the top in-app frame (file and function, not the line number,
// so a group survives an unrelated edit above it).
import { createHash } from "node:crypto";
import { normalizeMessage } from "./normalize.js";
import type { ErrorRecord } from "./records.js";
import { topInAppFrame } from "./traceback.js";

export interface GroupKey {
  fingerprint: string;
  type: string;
  /** The normalized message: the group's title. */
  message: string;
  /** `exams/views.py in submit`, when there is a traceback. */
  culprit: string | null;
}

export function groupKeyOf(record: ErrorRecord): GroupKey {
  const type = record.exceptionType ?? record.level;
  const message = normalizeMessage(record.exceptionValue ?? record.message);
  const frame = topInAppFrame(record.frames);
  const culprit = frame ? `${frame.file} in ${frame.function}` : null;
  return { fingerprint: fingerprintOf(type, message, culprit), type, message, culprit };
}

export function fingerprintOf(type: string, message: string, culprit: string | null): string {
  return createHash("sha256").update(`${type}\n${message}\n${culprit ?? ""}`).digest("hex").slice(0, 32);
}

/** What people type: `digest show 3f2a91c0`. */
export const shortGroupId = (fingerprint: string) => fingerprint.slice(0, 8);
