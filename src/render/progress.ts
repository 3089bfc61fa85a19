const CELLS = 10;

/** `▓▓▓▓▓░░░░░ 5/10 (50%)`, the same on every surface. Floored: full and 100% only when all is done. */
export function progressBar(done: number, total: number): string {
  const safeTotal = Math.max(0, total);
  const safeDone = Math.min(Math.max(0, done), safeTotal);
  const ratio = safeTotal === 0 ? 0 : safeDone / safeTotal;
  const filled = Math.floor(ratio * CELLS);
  return `${"▓".repeat(filled)}${"░".repeat(CELLS - filled)} ${safeDone}/${safeTotal} (${Math.floor(ratio * 100)}%)`;
}
