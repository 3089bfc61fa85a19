import { describe, expect, it } from "vitest";
import { addDays, dateIn, isValidDate, phaseOn, resolveDue } from "../../../src/domain/launches/calendar.js";

describe("calendar", () => {
  it("validates real dates only", () => {
    expect(isValidDate("2026-02-28")).toBe(true);
    expect(isValidDate("2026-02-30")).toBe(false);
    expect(isValidDate("26-2-1")).toBe(false);
  });
  it("takes today in the launch timezone", () => {
    const late = new Date("2026-11-30T23:30:00Z");
    expect(dateIn("UTC", late)).toBe("2026-11-30");
    expect(dateIn("Asia/Tokyo", late)).toBe("2026-12-01");
    expect(dateIn("America/Los_Angeles", late)).toBe("2026-11-30");
  });
  it("derives the phase from the launch date", () => {
    expect(phaseOn("2026-12-01", "2026-11-30")).toBe("pre-launch");
    expect(phaseOn("2026-12-01", "2026-12-01")).toBe("launch-day");
    expect(phaseOn("2026-12-01", "2026-12-02")).toBe("hypercare");
    expect(phaseOn("2026-12-01", "2026-12-08")).toBe("hypercare");
    expect(phaseOn("2026-12-01", "2026-12-09")).toBe("closed");
  });
  it("resolves due dates relative to launch day", () => {
    expect(resolveDue("T-3d", "2026-12-01")).toBe("2026-11-28");
    expect(resolveDue("T", "2026-12-01")).toBe("2026-12-01");
    expect(resolveDue("T+7d", "2026-12-01")).toBe("2026-12-08");
    expect(resolveDue("2026-11-25", "2026-12-01")).toBe("2026-11-25");
    expect(() => resolveDue("next tuesday", "2026-12-01")).toThrow(/not a date/);
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
  });
});
