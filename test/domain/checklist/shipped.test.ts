import { describe, expect, it } from "vitest";
import { listShippedChecklists, loadShippedChecklist } from "../../../src/domain/checklist/catalog.js";
import { normalizeText } from "../../../src/domain/checklist/item-key.js";
import { unknownCheckReason } from "../../../src/domain/audit/check-ids.js";
import { lintChecklist } from "../../../src/domain/checklist/lint.js";
import { allItems, topLevelItemCount } from "./walk.js";

const lintShipped = (id: string) => lintChecklist(loadShippedChecklist(id).source);

describe("shipped checklist catalog", () => {
  it("lists the three shipped checklists with their titles", () => {
    const list = listShippedChecklists();
    expect(list.map((c) => c.id)).toEqual(["django-lms", "django-osce", "django-production"]);
    expect(list.find((c) => c.id === "django-production")?.title).toBe("Django production go-live checklist");
    for (const entry of list) expect(entry.path).toMatch(new RegExp(`checklists/${entry.id}\\.md$`));
  });

  it("loads by id and explains a bad or unknown id", () => {
    expect(loadShippedChecklist("django-osce").source).toContain("## 🚀 Phase 8: Production Deployment");
    expect(() => loadShippedChecklist("../etc/passwd")).toThrow(/'..\/etc\/passwd' is not a checklist id/);
    try {
      loadShippedChecklist("django-nope");
      expect.unreachable();
    } catch (error) {
      expect(error).toMatchObject({
        code: "not_found",
        message: "no shipped checklist 'django-nope'",
        hint: "choose one of: django-lms, django-osce, django-production",
      });
    }
  });
});

describe("shipped checklists", () => {
  it.each(["django-osce", "django-lms", "django-production"])("%s lints clean, in proper UTF-8", (id) => {
    const result = lintShipped(id);
    expect(result.ok).toBe(true);
    expect(result.checklist.warnings).toEqual([]);
    expect(loadShippedChecklist(id).source).not.toMatch(/üöÄ|‚Äî|‚ö†Ô∏è/);
  });

  it("django-osce keeps every seed item (157: 73 top-level) and binds audits", () => {
    const { checklist } = lintShipped("django-osce");
    expect(checklist.itemCount).toBe(157);
    expect(topLevelItemCount(checklist)).toBe(73);
    const items = allItems(checklist);
    const debug = items.find((i) => i.key === "debug-off");
    expect(debug).toMatchObject({ ref: "4.1.1", critical: true, audit: ["django.debug", "check_deploy:W018"] });
    const critical = items.filter((i) => i.critical).length;
    expect(critical).toBeGreaterThanOrEqual(15);
    expect(critical).toBeLessThanOrEqual(25);
  });

  it("django-lms keeps all 141 seed items", () => {
    const { checklist } = lintShipped("django-lms");
    expect(checklist.itemCount).toBe(141);
    const items = allItems(checklist);
    expect(items.find((i) => i.key === "hsts")?.audit).toEqual(["hsts", "check_deploy:W004"]);
    expect(items.filter((i) => i.critical).length).toBeGreaterThanOrEqual(15);
  });

  it("django-production merges both without duplicates and keeps at least the larger seed's count", () => {
    const { checklist } = lintShipped("django-production");
    const items = allItems(checklist);
    expect(checklist.itemCount).toBeGreaterThanOrEqual(157);
    const texts = items.map((i) => normalizeText(i.text));
    const duplicates = texts.filter((t, i) => texts.indexOf(t) !== i);
    expect(duplicates).toEqual([]);
    for (const key of ["debug-off", "secret-key", "allowed-hosts", "hsts", "tls-certificate", "backups-nightly", "restore-tested"]) {
      expect(items.find((i) => i.key === key)?.critical, key).toBe(true);
    }
    expect(checklist.sections.slice(-3).map((s) => [s.title, s.phase])).toEqual([
      ["Pre-launch", "pre-launch"],
      ["Launch day", "launch-day"],
      ["Post-launch", "post-launch"],
    ]);
  });

  it("every audit and evidence binding uses a check id the audit engine knows", () => {
    for (const id of ["django-osce", "django-lms", "django-production"]) {
      const unknown = allItems(lintShipped(id).checklist).flatMap((i) => [...i.audit, ...i.evidence].filter((a) => unknownCheckReason(a) !== null));
      expect(unknown, id).toEqual([]);
    }
  });
});
