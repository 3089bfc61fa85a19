import { describe, expect, it } from "vitest";
import { repairMojibake } from "../../../src/domain/checklist/mojibake.js";

// Builds mojibake the way it happens: UTF-8 bytes read as Mac Roman.
const garble = (text: string) => new TextDecoder("macintosh").decode(new TextEncoder().encode(text));

describe("repairMojibake", () => {
  it("repairs emoji, dashes and the warning sign", () => {
    const source = `## ${garble("🚀")} Launch\n\nA ${garble("—")} B\n- [ ] ${garble("⚠️")} **Set DEBUG**`;
    const { text, repairs } = repairMojibake(source);
    expect(text).toBe("## 🚀 Launch\n\nA — B\n- [ ] ⚠️ **Set DEBUG**");
    expect(repairs).toEqual([
      { line: 1, from: garble("🚀"), to: "🚀" },
      { line: 3, from: garble("—"), to: "—" },
      { line: 4, from: garble("⚠️"), to: "⚠️" },
    ]);
  });

  it("repairs the forms seen in the seeds", () => {
    expect(repairMojibake("‚Äî ‚Üí ‚Äì ‚úÖ").text).toBe("— → – ✅");
    expect(repairMojibake("‚ö†Ô∏è").text).toBe("⚠️");
  });

  it("repairs an emoji whose first character (U+F8FF) was lost in copy and paste", () => {
    expect(repairMojibake("üöÄ Phase 8").text).toBe("🚀 Phase 8");
  });

  it("repairs accented words and whole non-Latin words", () => {
    expect(repairMojibake(garble("café naïve")).text).toBe("café naïve");
    expect(repairMojibake(garble("Привет мир")).text).toBe("Привет мир");
  });

  it("leaves proper UTF-8 text untouched", () => {
    const proper = "café — 🚀 “école” ⚠️ naïve Ünïcödé ÄÖÜ ß € 日本語 Привет\r\nsecond line";
    expect(repairMojibake(proper)).toEqual({ text: proper, repairs: [] });
  });

  it("leaves ASCII untouched and reports nothing", () => {
    expect(repairMojibake("- [ ] plain ascii")).toEqual({ text: "- [ ] plain ascii", repairs: [] });
  });
});
