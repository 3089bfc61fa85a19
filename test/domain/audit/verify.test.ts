import { describe, expect, it } from "vitest";
import type { KnownResult } from "../../../src/domain/audit/audit-run.js";
import { bindingsFor } from "../../../src/domain/audit/bindings.js";
import { attestedButFailing, decideItem } from "../../../src/domain/audit/verify.js";
import type { CheckStatus } from "../../../src/domain/audit/types.js";
import type { Item } from "../../../src/domain/launches/types.js";

function item(over: Partial<Item>): Item {
  return {
    key: "k", ref: "1.1", sectionRef: "1", parentKey: null, position: 1, text: "An item", critical: false, phase: null,
    audit: [], state: "open", doneKind: null, reason: null, waiverUntil: null, owner: null, due: null, archivedAt: null,
    updatedAt: new Date("2026-11-22T09:00:00Z"), ...over,
  };
}

const known = (statuses: Record<string, CheckStatus>) =>
  new Map(Object.entries(statuses).map(([id, status]): [string, KnownResult] => [id, { id, status, summary: `${id} ${status}`, evidence: {}, runId: 1, at: new Date("2026-11-22T09:00:00Z") }]));

const decide = (over: Partial<Item>, statuses: Record<string, CheckStatus>, ran = Object.keys(statuses)) =>
  decideItem(bindingsFor([item({ audit: ["hsts", "check_deploy:W004"], ...over })])[0]!, known(statuses), new Set(ran))?.kind ?? null;

describe("what an audit does to an item", () => {
  it("verifies an open or attested item only when every bound check passes", () => {
    expect(decide({}, { hsts: "pass", "check_deploy:W004": "pass" })).toBe("verify");
    expect(decide({ state: "done", doneKind: "attested" }, { hsts: "pass", "check_deploy:W004": "pass" })).toBe("verify");
    expect(decide({}, { hsts: "pass" })).toBeNull();
    expect(decide({ state: "done", doneKind: "verified" }, { hsts: "pass", "check_deploy:W004": "pass" })).toBeNull();
  });

  it("treats warn as not verified and not a regression, and error as proving nothing", () => {
    expect(decide({}, { hsts: "warn", "check_deploy:W004": "pass" })).toBeNull();
    expect(decide({ state: "done", doneKind: "verified" }, { hsts: "warn", "check_deploy:W004": "pass" })).toBeNull();
    expect(decide({ state: "done", doneKind: "verified" }, { hsts: "error", "check_deploy:W004": "pass" })).toBeNull();
    expect(decide({}, { hsts: "error", "check_deploy:W004": "pass" })).toBeNull();
  });

  it("re-opens a verified item and flags an attested one when a bound check fails", () => {
    expect(decide({ state: "done", doneKind: "verified" }, { hsts: "fail", "check_deploy:W004": "pass" })).toBe("reopen");
    expect(decide({ state: "done", doneKind: "attested" }, { hsts: "fail" })).toBe("flag");
    expect(decide({}, { hsts: "fail" })).toBeNull();
  });

  it("leaves blocked and skipped items to the people who decided them", () => {
    expect(decide({ state: "blocked", reason: "waiting" }, { hsts: "pass", "check_deploy:W004": "pass" })).toBeNull();
    expect(decide({ state: "skipped", reason: "n/a" }, { hsts: "fail" })).toBeNull();
  });

  it("decides nothing about items the run did not check", () => {
    expect(decide({ state: "done", doneKind: "verified" }, { hsts: "fail", "check_deploy:W004": "pass" }, ["tls.valid"])).toBeNull();
    expect(decide({}, { hsts: "pass", "check_deploy:W004": "pass" }, ["check_deploy:W004"])).toBe("verify");
  });

  it("flags attested items whose latest results fail, for status", () => {
    const items = [
      item({ key: "a", ref: "1.1", audit: ["hsts"], state: "done", doneKind: "attested" }),
      item({ key: "b", ref: "1.2", audit: ["nosniff"], state: "done", doneKind: "attested" }),
      item({ key: "c", ref: "1.3", audit: ["hsts"], state: "open" }),
    ];
    expect(attestedButFailing(items, known({ hsts: "fail", nosniff: "pass" })).map((i) => i.ref)).toEqual(["1.1"]);
  });
});

describe("bindings", () => {
  it("uses the checklist's annotations, marks unknown ids, and never adds built-in ones to an annotated checklist", () => {
    const bindings = bindingsFor([
      item({ key: "a", audit: ["hsts", "hsst"] }),
      item({ key: "b", text: "HSTS headers configured" }),
    ]);
    expect(bindings.map((b) => [b.item.key, b.checks, b.source, b.unknown])).toEqual([["a", ["hsts", "hsst"], "annotation", ["hsst"]]]);
  });

  it("falls back to the built-in mapping by item text for a checklist without annotations", () => {
    const bindings = bindingsFor([
      item({ key: "deploy", text: "`python manage.py check --deploy` passes with `DEBUG = False`" }),
      item({ key: "hsts", text: "HSTS headers configured (`SECURE_HSTS_SECONDS`)" }),
      item({ key: "debug", text: "`DEBUG = False` in production" }),
      item({ key: "fw", text: "Firewall rules configured" }),
      item({ key: "none", text: "Announce the launch on the blog" }),
    ]);
    expect(Object.fromEntries(bindings.map((b) => [b.item.key, b.checks]))).toEqual({
      deploy: ["check_deploy:W004", "check_deploy:W008", "check_deploy:W009", "check_deploy:W012", "check_deploy:W016", "check_deploy:W018", "check_deploy:W020"],
      hsts: ["hsts", "check_deploy:W004"],
      debug: ["django.debug", "check_deploy:W018"],
      fw: ["ports.open", "ports.closed"],
    });
    expect(bindings.every((b) => b.source === "built-in")).toBe(true);
  });
});
