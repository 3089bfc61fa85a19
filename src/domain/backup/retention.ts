// Grandfather-father-son retention with restic's `forget --keep-daily/weekly/monthly`
// semantics: each rule keeps the newest good backup in each of the last N periods (days,
// ISO weeks, months in the launch's timezone) that have one; the rules are ORed. The
// newest good backup and the one whose drill passed last are never deleted.
import { localDate } from "../../jobs/cron.js";
import type { Keep } from "./policy.js";

export interface RetentionCandidate {
  id: number;
  finishedAt: Date;
}

export interface RetentionPlan {
  keep: { id: number; reasons: string[] }[];
  remove: number[];
}

/** ISO 8601 week of a YYYY-MM-DD date, e.g. `2026-W48`. */
export function isoWeek(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  // The Thursday of the date's week decides its year.
  d.setUTCDate(d.getUTCDate() + 4 - (d.getUTCDay() || 7));
  const year = d.getUTCFullYear();
  const week = Math.ceil(((d.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 + 1) / 7);
  return `${year}-W${String(week).padStart(2, "0")}`;
}

const PERIODS: { rule: keyof Keep; key: (date: string) => string }[] = [
  { rule: "daily", key: (date) => date },
  { rule: "weekly", key: isoWeek },
  { rule: "monthly", key: (date) => date.slice(0, 7) },
];

export function planRetention(backups: RetentionCandidate[], keep: Keep, timezone: string, protectedIds: number[] = []): RetentionPlan {
  const newestFirst = [...backups].sort((a, b) => b.finishedAt.getTime() - a.finishedAt.getTime() || b.id - a.id);
  const reasons = new Map<number, string[]>();
  const because = (id: number, reason: string) => reasons.set(id, [...(reasons.get(id) ?? []), reason]);
  for (const { rule, key } of PERIODS) {
    const seen = new Set<string>();
    for (const backup of newestFirst) {
      if (seen.size >= keep[rule]) break;
      const period = key(localDate(timezone, backup.finishedAt));
      if (seen.has(period)) continue;
      seen.add(period);
      because(backup.id, `${rule} ${period}`);
    }
  }
  if (newestFirst[0]) because(newestFirst[0].id, "newest good backup");
  for (const id of protectedIds) if (backups.some((b) => b.id === id)) because(id, "latest passed drill");
  return {
    keep: newestFirst.filter((b) => reasons.has(b.id)).map((b) => ({ id: b.id, reasons: reasons.get(b.id)! })),
    remove: newestFirst.filter((b) => !reasons.has(b.id)).map((b) => b.id),
  };
}
