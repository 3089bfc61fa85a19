import { describe, expect, it } from "vitest";
import { parseChecklist } from "../../../src/domain/checklist/parse.js";
import { allItems } from "./walk.js";

const keysByText = (source: string) => new Map(allItems(parseChecklist(source)).map((i) => [i.text, i.key]));

describe("item keys", () => {
  const original = [
    "# T",
    "## 1. Security",
    "- [ ] Set **DEBUG** to False",
    "  - [ ] check settings",
    "- [ ] Rotate keys",
    "## 2. Backups",
    "- [ ] Nightly dump",
  ].join("\n");

  it("are a readable slug plus a short hash", () => {
    expect(keysByText(original).get("Set DEBUG to False")).toMatch(/^set-debug-to-false-[0-9a-f]{12}$/);
  });

  it("survive re-ordering items and sections", () => {
    const reordered = [
      "# T",
      "## 2. Backups",
      "- [ ] Nightly dump",
      "## 1. Security",
      "- [ ] Rotate keys",
      "- [ ] Set **DEBUG** to False",
      "  - [ ] check settings",
    ].join("\n");
    expect(keysByText(reordered)).toEqual(keysByText(original));
  });

  it("survive re-numbering sections and emoji or emphasis changes in headings", () => {
    const renumbered = original.replace("## 1. Security", "## 🔐 4. Security").replace("## 2. Backups", "## 7) *Backups*");
    expect(keysByText(renumbered)).toEqual(keysByText(original));
  });

  it("change when an item moves to another section or parent", () => {
    const moved = original.replace("## 2. Backups\n- [ ] Nightly dump", "- [ ] Nightly dump");
    expect(keysByText(moved).get("Nightly dump")).not.toBe(keysByText(original).get("Nightly dump"));
    const sameTextOtherParent = parseChecklist("## S\n- [ ] a\n  - [ ] x\n- [ ] b\n  - [ ] x");
    const [x1, x2] = allItems(sameTextOtherParent).filter((i) => i.text === "x");
    expect(x1?.key).not.toBe(x2?.key);
    expect(sameTextOtherParent.warnings).toEqual([]);
  });

  it("stay short for long texts and fall back to 'item' when the text has no latin letters", () => {
    const c = parseChecklist(`## S\n- [ ] ${"very long words ".repeat(10)}\n- [ ] 日本語`);
    const [long, japanese] = allItems(c);
    expect(long?.key.length).toBeLessThanOrEqual(53);
    expect(long?.key).toMatch(/^very-long-words(-very-long-words)*(-very)?-[0-9a-f]{12}$/);
    expect(japanese?.key).toMatch(/^item-[0-9a-f]{12}$/);
  });

  it("warn about duplicate items and disambiguate the second with -2", () => {
    const c = parseChecklist("## S\n- [ ] Same thing\n- [ ] other\n- [ ] *Same* thing!\n## T\n- [ ] Same thing");
    const items = allItems(c);
    expect(items[2]?.key).toBe(`${items[0]?.key}-2`);
    expect(items[3]?.key).not.toBe(items[0]?.key);
    expect(c.warnings).toEqual([{ line: 4, message: "duplicate item (same as line 2)" }]);
  });

  it("warn when an annotated key is used twice", () => {
    const c = parseChecklist("## S\n- [ ] a <!-- golive: key=dup -->\n- [ ] b <!-- golive: key=dup -->");
    expect(allItems(c).map((i) => i.key)).toEqual(["dup", "dup-2"]);
    expect(c.warnings).toEqual([
      { line: 3, message: "key 'dup' is already used on line 2: give this item its own key= (it gets 'dup-2' for now)" },
    ]);
  });
});
