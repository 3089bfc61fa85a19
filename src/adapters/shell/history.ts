// The interactive shell's history, kept across sessions in the data folder (newest last in
// the file, like a shell's history file; readline wants newest first).
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";

export const HISTORY_SIZE = 1000;

// A URL with a password in it (`https://admin:pw@host`) is never written to the history file.
const CREDENTIALS_IN_URL = /\/\/[^\s/@:]+:[^\s/@]+@/;

/** The saved lines, newest first; the file is trimmed to the last HISTORY_SIZE lines. */
export function loadHistory(file: string): string[] {
  let lines: string[];
  try {
    lines = readFileSync(file, "utf8").split("\n").filter((line) => line.trim() !== "");
  } catch {
    return [];
  }
  if (lines.length > HISTORY_SIZE) {
    lines = lines.slice(-HISTORY_SIZE);
    writeFileSync(file, `${lines.join("\n")}\n`, { mode: 0o600 });
  }
  return lines.reverse();
}

/** Adds one entered line to the file. */
export function saveHistoryLine(file: string, line: string) {
  if (line.trim() === "" || CREDENTIALS_IN_URL.test(line)) return;
  try {
    appendFileSync(file, `${line}\n`, { mode: 0o600 });
  } catch {
    // A read-only data folder costs the history, not the session.
  }
}
