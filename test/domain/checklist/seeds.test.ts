import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseChecklist } from "../../../src/domain/checklist/parse.js";
import { allItems, allSections, itemByRef, topLevelItemCount } from "./walk.js";

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/checklists/${name}`, import.meta.url), "utf8");

describe("the OSCE seed, as users have it (mojibake and all)", () => {
  const checklist = parseChecklist(fixture("osce-production-checklist.md"));

  it("finds every item: 157 in all, 73 top-level and 84 nested", () => {
    expect(checklist.itemCount).toBe(157);
    expect(allItems(checklist)).toHaveLength(157);
    expect(topLevelItemCount(checklist)).toBe(73);
  });

  it("takes the single h1 as the title", () => {
    expect(checklist.title).toBe("Production Deployment Checklist");
  });

  it("warns that it repaired mojibake, on the first affected line", () => {
    const mojibake = checklist.warnings.filter((w) => w.message.startsWith("repaired mojibake"));
    expect(mojibake).toHaveLength(1);
    expect(mojibake[0]?.line).toBe(9);
    expect(mojibake[0]?.message).toContain("decoded as Mac Roman");
    expect(mojibake[0]?.message).toContain("→ '🚀'");
  });

  it("numbers sections as the file does, then continues the count", () => {
    const refs = checklist.sections.map((s) => [s.ref, s.title]);
    expect(refs).toEqual([
      ["1-12", "🚀 Phase 8: Production Deployment"],
      ["13-15", "✅ Go-Live Checklist"],
      ["16", "10. Pre-Launch Checklist"],
    ]);
    const phase8 = checklist.sections[0]!;
    expect(phase8.sections.map((s) => s.ref)).toEqual(["1", "2", "3", "4", "5", "7", "8", "9", "10", "11", "12"]);
    expect(phase8.sections[10]?.title).toBe("12. Training & Handoff");
  });

  it("repairs titles and texts", () => {
    expect(allSections(checklist).some((s) => s.title.includes("🚀"))).toBe(true);
    expect(itemByRef(checklist, "3.1")?.text).toBe("Obtain SSL Certificate (Let's Encrypt — Free)");
    expect(itemByRef(checklist, "5.1.1")?.text).toBe("Enable UFW: allow ports 80, 443, 22 (SSH — limited IPs only)");
  });

  it("marks the DEBUG item critical and cleans its text", () => {
    const debug = itemByRef(checklist, "4.1.1");
    expect(debug?.text).toBe("Set `DEBUG=False`");
    expect(debug?.critical).toBe(true);
    expect(itemByRef(checklist, "4.1.5")?.critical).toBe(true);
    expect(itemByRef(checklist, "4.1.2")?.critical).toBe(false);
  });

  it("derives phases from the go-live headings", () => {
    const goLive = checklist.sections[1]!;
    expect(goLive.sections.map((s) => [s.ref, s.phase])).toEqual([
      ["13", "pre-launch"],
      ["14", "launch-day"],
      ["15", "post-launch"],
    ]);
    expect(itemByRef(checklist, "14.2")?.phase).toBe("launch-day");
    expect(itemByRef(checklist, "16.3")?.phase).toBe("pre-launch");
    expect(itemByRef(checklist, "1.1")?.phase).toBeNull();
  });

  it("takes an item's own leading paragraph as its text, not what follows a code block", () => {
    expect(itemByRef(checklist, "7.1")?.text).toBe("Automated Encrypted Nightly Backups");
    expect(itemByRef(checklist, "2.2")?.text).toBe("Configure Gunicorn");
  });

  it("gives every item a distinct key", () => {
    const keys = allItems(checklist).map((i) => i.key);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe("the LMS seed, as users have it", () => {
  const checklist = parseChecklist(fixture("django-lms-production-checklist.md"));

  it("finds all 141 items", () => {
    expect(checklist.itemCount).toBe(141);
    expect(topLevelItemCount(checklist)).toBe(141);
  });

  it("has one mojibake warning and no other", () => {
    expect(checklist.warnings).toHaveLength(1);
    expect(checklist.warnings[0]?.message).toContain("'🔐'");
  });

  it("numbers the sub-sections and gives containers their range", () => {
    expect(checklist.sections.map((s) => [s.ref, s.title]).slice(0, 2)).toEqual([
      ["1-3", "🔐 Security"],
      ["4-5", "🗄️ Database"],
    ]);
    expect(itemByRef(checklist, "1.1")?.text).toBe("`DEBUG = False` in production environment");
    const finalChecks = checklist.sections.at(-1)!;
    expect(finalChecks.title).toBe("✅ Final Checks");
    expect(finalChecks.sections.map((s) => s.phase)).toEqual(["pre-launch", "post-launch"]);
  });
});
