// Sizes, durations and ages in words people read at a glance.
const UNITS = ["B", "KB", "MB", "GB", "TB"];

/** 1234567 → `1.2 MB` (decimal units, as storage consoles show them). */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : value < 10 ? value.toFixed(1) : Math.round(value)} ${UNITS[unit]}`;
}

/** 130_000 → `2 min 10 s`; 9_000_000 → `2 h 30 min`. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return s % 60 ? `${min} min ${s % 60} s` : `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return min % 60 ? `${h} h ${min % 60} min` : `${h} h`;
  return `${Math.floor(h / 24)} days`;
}

/** `7 h ago`, `3 days ago`. */
export function formatAge(from: Date, now: Date): string {
  const ms = now.getTime() - from.getTime();
  if (ms < 60_000) return "just now";
  return `${formatDuration(ms).replace(/ \d+ (s|min)$/, "")} ago`;
}

export const formatCount = (n: number) => n.toLocaleString("en-US");
