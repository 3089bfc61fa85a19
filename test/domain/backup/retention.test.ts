import { describe, expect, it } from "vitest";
import { isoWeek, planRetention } from "../../../src/domain/backup/retention.js";

const DAY = 86_400_000;
// 120 nightly backups at 02:00 UTC, the last one on Sunday 2026-11-22 (ids 1…120, oldest first).
const LAST = Date.parse("2026-11-22T02:00:00Z");
const nightly = Array.from({ length: 120 }, (_, i) => ({ id: i + 1, finishedAt: new Date(LAST - (119 - i) * DAY) }));
const dateOf = (id: number) => nightly[id - 1]!.finishedAt.toISOString().slice(0, 10);

describe("grandfather-father-son retention (restic's keep-daily/weekly/monthly)", () => {
  it("keeps exactly the newest of each of the last 7 days, 4 weeks and 6 months after 120 nights", () => {
    const plan = planRetention(nightly, { daily: 7, weekly: 4, monthly: 6 }, "UTC");
    const kept = plan.keep.map((k) => dateOf(k.id)).sort();
    expect(kept).toEqual([
      // the newest of each month that has backups (the series starts 2026-07-26): 5 months
      "2026-07-31",
      "2026-08-31",
      "2026-09-30",
      "2026-10-31",
      // the newest (Sundays) of the last 4 ISO weeks
      "2026-11-01",
      "2026-11-08",
      // the last 7 days, which also hold the newest of W47 and W46 (Sunday 11-15) and of November
      "2026-11-15",
      "2026-11-16",
      "2026-11-17",
      "2026-11-18",
      "2026-11-19",
      "2026-11-20",
      "2026-11-21",
      "2026-11-22",
    ]);
    expect(plan.remove).toHaveLength(120 - kept.length);
    expect(plan.keep.find((k) => dateOf(k.id) === "2026-11-22")!.reasons).toEqual(["daily 2026-11-22", "weekly 2026-W47", "monthly 2026-11", "newest good backup"]);
  });

  it("never deletes the newest good backup or the one whose drill passed last", () => {
    const plan = planRetention(nightly, { daily: 1, weekly: 0, monthly: 0 }, "UTC", [40]);
    expect(plan.keep.map((k) => k.id).sort((a, b) => a - b)).toEqual([40, 120]);
    expect(plan.keep.find((k) => k.id === 40)!.reasons).toEqual(["latest passed drill"]);
  });

  it("counts days in the launch's timezone", () => {
    // 23:30 and 00:30 UTC are the same day in New York: only the later one is kept for that day.
    const backups = [
      { id: 1, finishedAt: new Date("2026-11-21T23:30:00Z") },
      { id: 2, finishedAt: new Date("2026-11-22T00:30:00Z") },
    ];
    expect(planRetention(backups, { daily: 7, weekly: 0, monthly: 0 }, "America/New_York").remove).toEqual([1]);
    expect(planRetention(backups, { daily: 7, weekly: 0, monthly: 0 }, "UTC").remove).toEqual([]);
  });

  it("numbers ISO weeks across year ends", () => {
    expect([isoWeek("2026-01-01"), isoWeek("2025-12-29"), isoWeek("2027-01-03"), isoWeek("2021-01-04")]).toEqual(["2026-W01", "2026-W01", "2026-W53", "2021-W01"]);
  });
});
