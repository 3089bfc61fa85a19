const BARS = "▁▂▃▄▅▆▇█";

/** `▁▁▂█▃▁`: each value scaled to the largest; all zero is a flat line. */
export function sparkline(values: readonly number[]): string {
  const max = Math.max(0, ...values);
  return values.map((v) => (max === 0 || v <= 0 ? BARS[0] : BARS[Math.min(7, Math.max(1, Math.ceil((v / max) * 7)))])).join("");
}
