import { describe, expect, it } from "vitest";
import { parseChecklist } from "../../../src/domain/checklist/parse.js";
import { allItems, itemByRef } from "./walk.js";

const md = (lines: string[]) => lines.join("\n");

describe("parseChecklist structure", () => {
  it("nests items three deep and numbers them from their parent", () => {
    const c = parseChecklist(
      md(["# T", "## Deploy", "- [ ] a", "  - [ ] b", "    - [x] c", "      - [ ] d", "  - [ ] e", "- [ ] f"]),
    );
    expect(allItems(c).map((i) => [i.ref, i.text, i.checked])).toEqual([
      ["1.1", "a", false],
      ["1.1.1", "b", false],
      ["1.1.1.1", "c", true],
      ["1.1.1.1.1", "d", false],
      ["1.1.2", "e", false],
      ["1.2", "f", false],
    ]);
    expect(c.itemCount).toBe(6);
  });

  it("reads ordered lists and *, + bullets, [X] included", () => {
    const c = parseChecklist(md(["## S", "1. [ ] one", "2. [X] two", "", "* [ ] star", "", "+ [x] plus"]));
    expect(allItems(c).map((i) => [i.ref, i.text, i.checked])).toEqual([
      ["1.1", "one", false],
      ["1.2", "two", true],
      ["1.3", "star", false],
      ["1.4", "plus", true],
    ]);
  });

  it("ignores task syntax in code, HTML comments, tables and blockquotes", () => {
    const c = parseChecklist(
      md([
        "## S",
        "```",
        "- [ ] in fence",
        "```",
        "",
        "    - [ ] indented code",
        "",
        "<!--",
        "- [ ] in comment",
        "-->",
        "",
        "| a | b |",
        "|---|---|",
        "| - [ ] cell | x |",
        "",
        "> - [ ] quoted",
        "> > - [ ] deeper",
        "",
        "- [ ] real",
        "  > - [ ] quoted inside an item",
      ]),
    );
    expect(allItems(c).map((i) => i.text)).toEqual(["real"]);
  });

  it("treats task items under plain bullets as being at the bullet's level", () => {
    const c = parseChecklist(
      md(["## S", "- plain", "  - [ ] under plain", "- [ ] parent", "  - note", "    - [ ] under note"]),
    );
    expect(allItems(c).map((i) => [i.ref, i.text])).toEqual([
      ["1.1", "under plain"],
      ["1.2", "parent"],
      ["1.2.1", "under note"],
    ]);
  });

  it("reads setext headings and nests headings by depth", () => {
    const c = parseChecklist(md(["Title", "=====", "", "Part", "----", "- [ ] a", "### Sub", "- [ ] b"]));
    expect(c.title).toBe("Title");
    expect(c.sections.map((s) => [s.ref, s.title, s.depth])).toEqual([["1", "Part", 2]]);
    expect(c.sections[0]?.sections.map((s) => [s.ref, s.title, s.depth])).toEqual([["2", "Sub", 3]]);
  });

  it("puts items before any heading in a General section and drops empty sections", () => {
    const c = parseChecklist(md(["- [ ] early", "## Empty", "text only", "## Full", "- [ ] late"]));
    expect(c.title).toBe("Empty");
    expect(c.sections.map((s) => [s.ref, s.title])).toEqual([
      ["1", "General"],
      ["2", "Full"],
    ]);
  });

  it("keeps an h1 as a section when there are several", () => {
    const c = parseChecklist(md(["# One", "- [ ] a", "# Two", "- [ ] b"]));
    expect(c.title).toBe("One");
    expect(c.sections.map((s) => s.title)).toEqual(["One", "Two"]);
  });

  it("names a checklist without headings", () => {
    expect(parseChecklist("- [ ] a").title).toBe("Untitled checklist");
  });

  it("numbers sections flat and keeps the file's own numbers when they run ahead", () => {
    const c = parseChecklist(
      md(["# T", "## 1. A", "- [ ] a", "## 2. Notes", "no items", "## 3. C", "- [ ] c", "## Extra", "### Deep", "- [ ] d"]),
    );
    expect(c.sections.map((s) => [s.ref, s.title])).toEqual([
      ["1", "1. A"],
      ["3", "3. C"],
      ["4", "Extra"],
    ]);
    expect(c.sections[2]?.sections[0]?.ref).toBe("4");
    expect(itemByRef(c, "3.1")?.text).toBe("c");
  });

  it("gives a container the range of its numbered sections", () => {
    const c = parseChecklist(md(["# T", "## Group", "### A", "- [ ] a", "### B", "- [ ] b", "## Mixed", "- [ ] m", "### Child", "- [ ] x"]));
    expect(c.sections.map((s) => [s.ref, s.items.length])).toEqual([
      ["1-2", 0],
      ["3", 1],
    ]);
    expect(c.sections[1]?.sections[0]?.ref).toBe("4");
  });
});

describe("parseChecklist text", () => {
  it("flattens emphasis, keeps inline code, turns links into their text", () => {
    const c = parseChecklist("- [ ] **Set** _the_ `DEBUG=False` in [settings](https://x.test/s) ~~now~~");
    expect(allItems(c)[0]?.text).toBe("Set the `DEBUG=False` in settings now");
  });

  it("joins lazy continuation lines with single spaces", () => {
    const c = parseChecklist(md(["- [ ] first line", "continues   here", "  and here", "- [ ] next"]));
    expect(allItems(c).map((i) => i.text)).toEqual(["first line continues here and here", "next"]);
  });

  it("does not take a paragraph after a nested list or code block as the item's text", () => {
    const c = parseChecklist(md(["- [ ] head", "  ```sh", "  run", "  ```", "  Afterwards note", "- [ ] b"]));
    expect(allItems(c).map((i) => i.text)).toEqual(["head", "b"]);
  });

  it("handles CRLF and a BOM with correct line numbers", () => {
    const c = parseChecklist("\ufeff# T\r\n\r\n## S\r\n- [ ] a\r\n  - [x] b\r\n");
    expect(c.title).toBe("T");
    expect(allItems(c).map((i) => [i.text, i.line, i.checked])).toEqual([
      ["a", 4, false],
      ["b", 5, true],
    ]);
    expect(c.sections[0]?.line).toBe(3);
  });
});

describe("parseChecklist critical and phase", () => {
  it("flags ⚠️, ⚠ and the word CRITICAL, and removes the markers from the text", () => {
    const c = parseChecklist(
      md([
        "- [ ] ⚠️ **Set `DEBUG=False`** (CRITICAL)",
        "- [ ] ⚠ rotate keys",
        "- [ ] CRITICAL: backups",
        "- [ ] watch critical thresholds",
        "- [ ] NON-CRITICAL polish",
        "- [ ] set `LOG_LEVEL=CRITICAL`",
      ]),
    );
    expect(allItems(c).map((i) => [i.text, i.critical])).toEqual([
      ["Set `DEBUG=False`", true],
      ["rotate keys", true],
      ["backups", true],
      ["watch critical thresholds", false],
      ["NON-CRITICAL polish", false],
      ["set `LOG_LEVEL=CRITICAL`", false],
    ]);
  });

  it("takes the phase from the nearest heading that names one", () => {
    const c = parseChecklist(
      md([
        "# T",
        "## Before launch",
        "- [ ] a",
        "### Database",
        "- [ ] b",
        "## Go-Live day",
        "- [ ] c",
        "## Hypercare",
        "- [ ] d",
        "## After Launch",
        "- [ ] e",
        "## Pre-launch",
        "### post-launch review",
        "- [ ] f",
        "## Other",
        "- [ ] g",
      ]),
    );
    expect(allItems(c).map((i) => i.phase)).toEqual([
      "pre-launch",
      "pre-launch",
      "launch-day",
      "post-launch",
      "post-launch",
      "post-launch",
      null,
    ]);
  });
});
