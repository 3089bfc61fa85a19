import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { shiftsFromIcs } from "../../../src/domain/incidents/ical.js";
import { cycleAnchor, onCallAt, parseHandoff, scheduleBetween } from "../../../src/domain/incidents/oncall.js";
import { zonedInstant } from "../../../src/domain/incidents/local-time.js";
import type { Override, Rotation } from "../../../src/storage/oncall-repo.js";

const TZ = "Europe/London";
const mention = (t: string) => (/^@[a-z]+$/.test(t) ? t.slice(1) : null);

function cycle(members: string[], periodDays: number, handoff: string, now: Date): Rotation {
  const h = parseHandoff(handoff);
  return { launchId: 1, name: "primary", kind: "cycle", members, periodDays, handoffDay: h.day, handoffTime: h.time, anchorDate: cycleAnchor(TZ, h, now), shifts: [], source: null, updatedBy: "rita", updatedAt: now };
}

const override = (id: number, person: string, from: string, to: string): Override => ({ id, rotation: "primary", person, startsAt: new Date(from), endsAt: new Date(to), createdBy: "rita", createdAt: new Date(from) });

describe("rotations in the launch's timezone", () => {
  it("hands off at 09:00 local every day of a week across the end of summer time", () => {
    // Summer time in London ends on Sunday 25 October 2026 at 02:00 BST.
    const set = new Date("2026-10-21T12:00:00Z");
    const r = cycle(["alice", "bob", "carol"], 1, "09:00", set);
    const week = scheduleBetween(r, [], TZ, new Date("2026-10-22T08:00:00Z"), new Date("2026-10-29T09:00:00Z"));
    expect(week.map((s) => [s.person, s.from.toISOString()])).toEqual([
      ["bob", "2026-10-22T08:00:00.000Z"],
      ["carol", "2026-10-23T08:00:00.000Z"],
      ["alice", "2026-10-24T08:00:00.000Z"],
      ["bob", "2026-10-25T09:00:00.000Z"],
      ["carol", "2026-10-26T09:00:00.000Z"],
      ["alice", "2026-10-27T09:00:00.000Z"],
      ["bob", "2026-10-28T09:00:00.000Z"],
    ]);
    // Set on Wednesday at 13:00 BST: the first named took Wednesday's shift.
    expect(onCallAt(r, [], TZ, set).person).toBe("alice");
    // The shift that spans the change is 25 hours long; 08:30 GMT on the Sunday is still Saturday's.
    expect(week[2]!.to.getTime() - week[2]!.from.getTime()).toBe(25 * 3_600_000);
    expect(onCallAt(r, [], TZ, new Date("2026-10-25T08:30:00Z")).person).toBe("alice");
    expect(onCallAt(r, [], TZ, new Date("2026-10-25T09:00:00Z")).person).toBe("bob");
  });

  it("keeps a weekly Monday 09:00 handoff across spring forward", () => {
    const set = new Date("2026-03-25T12:00:00Z");
    const r = cycle(["alice", "bob"], 7, "Mon 09:00", set);
    expect(onCallAt(r, [], TZ, set)).toMatchObject({ person: "alice", from: new Date("2026-03-23T09:00:00Z"), to: new Date("2026-03-30T08:00:00Z") });
    expect(onCallAt(r, [], TZ, new Date("2026-03-30T08:30:00Z")).person).toBe("bob");
    expect(zonedInstant("2026-03-29", "01:30", TZ).toISOString()).toBe("2026-03-29T01:30:00.000Z");
  });

  it("lets overrides win, the latest where two overlap, and shows them in the schedule", () => {
    const now = new Date("2026-11-23T09:00:00Z");
    const r = cycle(["alice", "bob"], 7, "Mon 09:00", now);
    const overrides = [override(1, "carol", "2026-11-24T18:00:00Z", "2026-11-26T09:00:00Z"), override(2, "dan", "2026-11-25T00:00:00Z", "2026-11-25T06:00:00Z")];
    expect(onCallAt(r, overrides, TZ, new Date("2026-11-24T17:59:00Z"))).toMatchObject({ person: "alice", override: false });
    expect(onCallAt(r, overrides, TZ, new Date("2026-11-24T18:00:00Z"))).toMatchObject({ person: "carol", override: true });
    expect(onCallAt(r, overrides, TZ, new Date("2026-11-25T03:00:00Z"))).toMatchObject({ person: "dan", override: true });
    expect(onCallAt(r, overrides, TZ, new Date("2026-11-26T09:00:00Z")).person).toBe("alice");
    const days = scheduleBetween(r, overrides, TZ, now, new Date("2026-12-01T09:00:00Z"));
    expect(days.map((s) => `${s.person}${s.override ? "*" : ""} ${s.from.toISOString().slice(5, 16)}`)).toEqual([
      "alice 11-23T09:00",
      "carol* 11-24T18:00",
      "dan* 11-25T00:00",
      "carol* 11-25T06:00",
      "alice 11-26T09:00",
      "bob 11-30T09:00",
    ]);
  });
});

describe("an iCalendar on-call schedule", () => {
  const ics = readFileSync(new URL("../../fixtures/ical/oncall-weekly.ics", import.meta.url), "utf8");

  it("expands weekly RRULEs in the calendar's zone, with EXDATE and one-off events", () => {
    const { shifts, events } = shiftsFromIcs(ics, { launchTz: "UTC", from: new Date("2026-10-12T00:00:00Z"), parseMention: mention });
    expect(events).toBe(3);
    const lines = shifts.map((s) => `${s.person} ${s.from.toISOString().slice(0, 16)} → ${s.to.toISOString().slice(0, 16)}`);
    expect(lines.slice(0, 6)).toEqual([
      "alice 2026-10-12T08:00 → 2026-10-19T08:00",
      "bob 2026-10-19T08:00 → 2026-10-26T09:00",
      "alice 2026-10-26T09:00 → 2026-11-02T09:00",
      "bob 2026-11-02T09:00 → 2026-11-09T09:00",
      // 9 November is an EXDATE of alice's series; carol's one-off event covers it.
      "carol 2026-11-09T09:00 → 2026-11-16T09:00",
      "bob 2026-11-16T09:00 → 2026-11-23T09:00",
    ]);
    expect(shifts).toHaveLength(6 + 5 + 1);
  });

  it("refuses an event that names nobody, and a file that is not iCalendar", () => {
    const nameless = ics.replace("SUMMARY:@carol covers", "SUMMARY:Carol covers");
    expect(() => shiftsFromIcs(nameless, { launchTz: "UTC", from: new Date("2026-10-12T00:00:00Z"), parseMention: mention })).toThrow(/"Carol covers" does not name a person/);
    expect(() => shiftsFromIcs("hello", { launchTz: "UTC", from: new Date("2026-11-23T00:00:00Z"), parseMention: mention })).toThrow(/not an iCalendar file/);
  });
});
