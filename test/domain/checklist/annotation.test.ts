import { describe, expect, it } from "vitest";
import { parseChecklist } from "../../../src/domain/checklist/parse.js";
import { allItems } from "./walk.js";

describe("item annotations", () => {
  it("reads every field from an inline comment and keeps it out of the text", () => {
    const c = parseChecklist(
      "## Launch\n- [ ] Turn off debug <!-- golive: key=debug-off critical owner=@ops due=T-7d audit=hsts,tls.valid,check_deploy:W018 phase=launch-day -->",
    );
    const [item] = allItems(c);
    expect(item).toMatchObject({
      key: "debug-off",
      text: "Turn off debug",
      critical: true,
      owner: "@ops",
      due: "T-7d",
      audit: ["hsts", "tls.valid", "check_deploy:W018"],
      phase: "launch-day",
    });
    expect(c.warnings).toEqual([]);
  });

  it("reads a comment on its own line inside the item, and accepts T, T+n and dates", () => {
    const c = parseChecklist(
      [
        "## Pre-launch",
        "- [ ] a",
        "  <!-- golive: due=T+3d owner=@jane.doe -->",
        "- [ ] b <!-- golive: due=2026-12-01 -->",
        "- [ ] c <!-- golive: due=T -->",
      ].join("\n"),
    );
    expect(allItems(c).map((i) => [i.text, i.due, i.owner, i.phase])).toEqual([
      ["a", "T+3d", "@jane.doe", "pre-launch"],
      ["b", "2026-12-01", null, "pre-launch"],
      ["c", "T", null, "pre-launch"],
    ]);
    expect(c.warnings).toEqual([]);
  });

  it("lets a nested item inherit its parent's annotated phase", () => {
    const c = parseChecklist("## S\n- [ ] a <!-- golive: phase=post-launch -->\n  - [ ] b");
    expect(allItems(c).map((i) => i.phase)).toEqual(["post-launch", "post-launch"]);
  });

  it("warns about each bad token, names what is expected, and keeps the good ones", () => {
    const c = parseChecklist(
      "## S\n- [ ] a <!-- golive: key=Bad_Key owner=ops due=next-week due=2026-02-30 audit=TLS phase=later critical urgent -->",
    );
    const [item] = allItems(c);
    expect(item?.critical).toBe(true);
    expect(item?.key).toMatch(/^a-[0-9a-f]{12}$/);
    expect(item?.owner).toBeNull();
    expect(item?.due).toBeNull();
    expect(c.warnings.map((w) => w.line)).toEqual([2, 2, 2, 2, 2, 2, 2]);
    expect(c.warnings.map((w) => w.message)).toEqual([
      "annotation token 'key=Bad_Key' is invalid: expected key=<lowercase letters, digits and dashes, up to 64, starting with a letter or digit>",
      "annotation token 'owner=ops' is invalid: expected owner=@name",
      "annotation token 'due=next-week' is invalid: expected due=T, due=T-<n>d, due=T+<n>d or due=YYYY-MM-DD",
      "annotation token 'due=2026-02-30' is invalid: expected due=T, due=T-<n>d, due=T+<n>d or due=YYYY-MM-DD",
      "annotation token 'audit=TLS' is invalid: expected audit=<check ids separated by commas, like tls.valid,check_deploy:W018>",
      "annotation token 'phase=later' is invalid: expected phase=pre-launch, phase=launch-day or phase=post-launch",
      "annotation token 'urgent' is not understood: expected critical, key=, owner=, due=, audit=, evidence= or phase=",
    ]);
  });

  it("ignores ordinary comments and warns about an annotation attached to no item", () => {
    const c = parseChecklist("## S\n- [ ] a <!-- just a note -->\n\n<!-- golive: critical -->\n");
    expect(allItems(c).map((i) => [i.text, i.critical])).toEqual([["a", false]]);
    expect(c.warnings).toEqual([
      { line: 4, message: "golive annotation outside any item is ignored: put it on the item's own line" },
    ]);
  });
});
