import { describe, expect, it } from "vitest";
import { checklistJson, lintChecklist, MAX_CHECKLIST_CHARS } from "../../../src/domain/checklist/lint.js";

describe("lintChecklist", () => {
  it("accepts a file with items", () => {
    const result = lintChecklist("# T\n## S\n- [ ] a");
    expect(result.ok).toBe(true);
    expect(result.reason).toBeUndefined();
    expect(result.checklist.itemCount).toBe(1);
  });

  it("rejects a file without task-list items and says how to write one", () => {
    const result = lintChecklist("# T\n- plain bullet\n\n```\n- [ ] in code\n```");
    expect(result).toMatchObject({ ok: false, reason: "no task-list items found: write items as `- [ ] text`" });
  });

  it("rejects an oversized file before parsing it", () => {
    const result = lintChecklist(`- [ ] a\n${"x".repeat(MAX_CHECKLIST_CHARS)}`);
    expect(result.ok).toBe(false);
    expect(result.reason).toMatch(/^checklist is too large \(\d+ KB\): keep it under 512 KB$/);
  });
});

describe("checklistJson", () => {
  it("has the documented shape", () => {
    const { checklist } = lintChecklist(
      "# T\n## Launch day\n- [x] ⚠️ a <!-- golive: key=a-key audit=health due=T -->\n  - [ ] b\n- [ ] c <!-- golive: oops -->",
    );
    const json = JSON.parse(JSON.stringify(checklistJson(checklist)));
    expect(Object.keys(json)).toEqual(["title", "itemCount", "warnings", "sections"]);
    expect(json.title).toBe("T");
    expect(json.itemCount).toBe(3);
    expect(json.warnings).toEqual([
      { line: 5, message: "annotation token 'oops' is not understood: expected critical, key=, owner=, due=, audit= or phase=" },
    ]);
    const [section] = json.sections;
    expect(Object.keys(section)).toEqual(expect.arrayContaining(["ref", "title", "items", "sections"]));
    expect(section).toMatchObject({ ref: "1", title: "Launch day", phase: "launch-day", sections: [] });
    expect(section.items[0]).toEqual({
      ref: "1.1",
      key: "a-key",
      text: "a",
      checked: true,
      critical: true,
      phase: "launch-day",
      line: 3,
      owner: null,
      due: "T",
      audit: ["health"],
      items: [
        expect.objectContaining({ ref: "1.1.1", text: "b", checked: false, critical: false, line: 4, items: [] }),
      ],
    });
  });
});
