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

describe("binding lint", () => {
  const lines = [
    "# T",
    "## Security",
    "- [ ] Set up uptime monitoring (UptimeRobot, Pingdom) <!-- golive: audit=health -->",
    "- [ ] Smoke test all critical features <!-- golive: audit=health -->",
    "- [ ] Verify CSRF protection on all forms <!-- golive: audit=csrf.form -->",
    "- [ ] Enable UFW: allow ports 80, 443, 22 <!-- golive: audit=ports.open -->",
    "- [ ] Firewall rules configured <!-- golive: audit=ports.closed:5432 -->",
    "- [ ] `python manage.py check --deploy` passes <!-- golive: audit=check_deploy:W004,check_deploy:W018 -->",
    "- [ ] `ALLOWED_HOSTS` configured with your domain(s) <!-- golive: audit=check_deploy:W020 -->",
    "- [ ] `SECRET_KEY` stored in an environment variable <!-- golive: audit=check_deploy:W009 -->",
    "- [ ] HSTS <!-- golive: audit=hsst evidence=ports.closed:http -->",
    "- [ ] `X_FRAME_OPTIONS = 'DENY'` <!-- golive: audit=frame.options -->",
    // Bound the way the rule wants: no warning.
    "- [ ] Uptime monitoring configured <!-- golive: evidence=health -->",
    "- [ ] Firewall: only 80, 443 and 22 open <!-- golive: audit=ports.open,ports.closed:5432 -->",
    "- [ ] Health check endpoint answers <!-- golive: audit=health -->",
    "- [ ] `check --deploy` clean <!-- golive: audit=check_deploy:clean -->",
  ];

  it("warns when a proving check is narrower than the item's words, and about ids no check answers to", () => {
    const { ok, checklist } = lintChecklist(lines.join("\n"));
    expect(ok).toBe(true);
    expect(checklist.warnings).toEqual([
      { line: 3, message: 'audit=health cannot prove "Set up uptime monitoring (UptimeRobot, Pingdom)": health shows that the health endpoint answers, not that anyone monitors it; bind it with evidence=health instead' },
      { line: 4, message: 'audit=health cannot prove "Smoke test all critical features": health shows that the health endpoint answers, not that a smoke test ran; bind it with evidence=health instead' },
      { line: 5, message: 'audit=csrf.form cannot prove "Verify CSRF protection on all forms": csrf.form looks at one form (the login page), not at every form; bind it with evidence=csrf.form instead' },
      { line: 6, message: "a firewall item proved by ports.open alone: it needs both ports.open and ports.closed, with the ports that matter (e.g. ports.closed:5432), or bind them with evidence=" },
      { line: 7, message: "a firewall item proved by ports.closed alone: it needs both ports.open and ports.closed, with the ports that matter (e.g. ports.closed:5432), or bind them with evidence=" },
      { line: 8, message: "a check --deploy item proved by single warnings (check_deploy:W004, check_deploy:W018): any other warning would go unseen; bind audit=check_deploy:clean" },
      { line: 9, message: expect.stringMatching(/^audit=check_deploy:W020 cannot prove .*: check_deploy:W020 only says ALLOWED_HOSTS is not empty/) },
      { line: 10, message: expect.stringMatching(/^audit=check_deploy:W009 cannot prove .*: check_deploy:W009 shows the key is strong, not where it is kept/) },
      { line: 11, message: "audit=hsst names no check golive can judge (hsst: no such check); the README lists the checks (Audits)" },
      { line: 11, message: "evidence=ports.closed:http names no check golive can judge (ports.closed:http: expected a port number, like ports.closed:5432); the README lists the checks (Audits)" },
      { line: 12, message: "audit=frame.options cannot prove \"`X_FRAME_OPTIONS = 'DENY'`\": frame.options also passes SAMEORIGIN and frame-ancestors 'self'; bind frame.options:deny instead" },
    ]);
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
      { line: 5, message: "annotation token 'oops' is not understood: expected critical, key=, owner=, due=, audit=, evidence= or phase=" },
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
      evidence: [],
      items: [
        expect.objectContaining({ ref: "1.1.1", text: "b", checked: false, critical: false, line: 4, items: [] }),
      ],
    });
  });
});
