import { describe, expect, it } from "vitest";
import { cronExpression, localStamp, nextSlot, slotsBetween, startOfLocalDay } from "../../src/jobs/cron.js";

const iso = (dates: Date[]) => dates.map((d) => d.toISOString());

describe("cron slots", () => {
  it("finds daily slots in the launch timezone, across a DST change", () => {
    // New York leaves DST on 2026-11-01: 09:00 local is 13:00Z before and 14:00Z after.
    const slots = slotsBetween("0 9 * * *", "America/New_York", new Date("2026-10-30T00:00:00Z"), new Date("2026-11-03T00:00:00Z"));
    expect(iso(slots)).toEqual(["2026-10-30T13:00:00.000Z", "2026-10-31T13:00:00.000Z", "2026-11-01T14:00:00.000Z", "2026-11-02T14:00:00.000Z"]);
  });
  it("takes the interval as (after, until]", () => {
    const at = new Date("2026-12-01T09:00:00Z");
    expect(slotsBetween("*/30 * * * *", "UTC", at, new Date("2026-12-01T10:00:00Z")).map((d) => localStamp(d, "UTC"))).toEqual(["2026-12-01 09:30", "2026-12-01 10:00"]);
    expect(slotsBetween("0 9 * * *", "UTC", new Date(at.getTime() - 1), at)).toHaveLength(1);
  });
  it("honours weekdays and the 6-field form with seconds 0", () => {
    const monday = new Date("2026-11-30T00:00:00Z");
    expect(nextSlot("0 0 8 * * 1-5", "UTC", new Date("2026-11-28T12:00:00Z"))).toEqual(new Date("2026-11-30T08:00:00Z"));
    expect(nextSlot("0 8 * * 6", "Asia/Tokyo", monday)).toEqual(new Date("2026-12-04T23:00:00Z"));
  });
  it("starts the local day at local midnight", () => {
    expect(startOfLocalDay("Asia/Tokyo", new Date("2026-11-30T20:30:00Z")).toISOString()).toBe("2026-11-30T15:00:00.000Z");
  });
  it("rejects invalid expressions with a message that shows the right form", () => {
    expect(cronExpression.safeParse("0 9 * * *").success).toBe(true);
    for (const bad of ["0 25 * * *", "every morning", "*/10 * * * * *", "0 9 L * *"]) {
      const result = cronExpression.safeParse(bad);
      expect(result.success, bad).toBe(false);
      expect(result.error!.issues[0]!.message).toMatch(/is not a cron expression .*e\.g\. "0 9 \* \* \*"/);
    }
  });
});
