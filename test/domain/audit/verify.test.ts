import { describe, expect, it } from "vitest";
import type { KnownResult } from "../../../src/domain/audit/audit-run.js";
import { bindingsFor } from "../../../src/domain/audit/bindings.js";
import { attestedButFailing, decideItem } from "../../../src/domain/audit/verify.js";
import type { CheckStatus } from "../../../src/domain/audit/types.js";
import type { Item } from "../../../src/domain/launches/types.js";

function item(over: Partial<Item>): Item {
  return {
    key: "k", ref: "1.1", sectionRef: "1", parentKey: null, position: 1, text: "An item", critical: false, phase: null,
    audit: [], evidence: [], state: "open", doneKind: null, reason: null, waiverUntil: null, owner: null, due: null, archivedAt: null,
    updatedAt: new Date("2026-11-22T09:00:00Z"), ...over,
  };
}

const result = (id: string, status: CheckStatus, extra: Partial<KnownResult> = {}): KnownResult => ({
  id, status, summary: `${id} ${status}`, evidence: {}, runId: 1, at: new Date("2026-11-22T09:00:00Z"), ...extra,
});
const known = (statuses: Record<string, CheckStatus>) => new Map(Object.entries(statuses).map(([id, status]): [string, KnownResult] => [id, result(id, status)]));

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

  it("never verifies from supporting checks; their failure re-opens a verified item and flags an attested one", () => {
    const health = { audit: [], evidence: ["health"] };
    expect(decide(health, { health: "pass" })).toBeNull();
    expect(decide({ ...health, state: "done", doneKind: "attested" }, { health: "pass" })).toBeNull();
    expect(decide({ ...health, state: "done", doneKind: "attested" }, { health: "fail" })).toBe("flag");
    expect(decide({ ...health, state: "done", doneKind: "verified" }, { health: "fail" })).toBe("reopen");
    // Proving checks pass, a supporting one fails: not verified, and a verified item regresses.
    const both = { audit: ["hsts"], evidence: ["health"] };
    expect(decide(both, { hsts: "pass", health: "fail" })).toBeNull();
    expect(decide(both, { hsts: "pass", health: "pass" })).toBe("verify");
    expect(decide({ ...both, state: "done", doneKind: "verified" }, { hsts: "pass", health: "fail" })).toBe("reopen");
  });

  it("re-opens a verified item that no check proves any more once its binding only supports it", () => {
    expect(decide({ audit: [], evidence: ["health"], state: "done", doneKind: "verified" }, { health: "pass" })).toBe("unprove");
  });

  it("never verifies from a pass seen without an authenticated connection, but counts its failures", () => {
    const binding = bindingsFor([item({ audit: ["hsts"] })])[0]!;
    const unverified = (status: CheckStatus) => new Map([["hsts", result("hsts", status, { cannotVerify: "read without certificate verification" })]]);
    expect(decideItem(binding, unverified("pass"), new Set(["hsts"]))).toBeNull();
    const verifiedBinding = bindingsFor([item({ audit: ["hsts"], state: "done", doneKind: "verified" })])[0]!;
    expect(decideItem(verifiedBinding, unverified("fail"), new Set(["hsts"]))?.kind).toBe("reopen");
    expect(decideItem(verifiedBinding, unverified("pass"), new Set(["hsts"]))).toBeNull();
  });

  it("judges ports.closed:<port> by the probe of that port alone", () => {
    const probes = (states: Record<number, string>) =>
      new Map([["ports.closed", result("ports.closed", Object.values(states).includes("open") ? "fail" : "pass", {
        evidence: { host: "shop.example", probes: Object.entries(states).map(([port, state]) => ({ port: Number(port), state, timingMs: 1 })) },
      })]]);
    const db = bindingsFor([item({ audit: ["ports.closed:5432"] })])[0]!;
    const ran = new Set(["ports.closed"]);
    expect(decideItem(db, probes({ 5432: "refused", 6379: "open" }), ran)?.kind).toBe("verify");
    expect(decideItem(db, probes({ 5432: "timeout" }), ran)?.kind).toBe("verify");
    expect(decideItem(db, probes({ 6379: "refused" }), ran)).toBeNull();
    const verifiedDb = bindingsFor([item({ audit: ["ports.closed:5432"], state: "done", doneKind: "verified" })])[0]!;
    const reopened = decideItem(verifiedDb, probes({ 5432: "open" }), ran);
    expect(reopened).toMatchObject({ kind: "reopen", failing: [{ id: "ports.closed:5432", status: "fail", summary: "port 5432 accepts connections from here; firewall it" }] });
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
  it("uses the checklist's annotations, proving and supporting, marks unknown ids, and never adds built-in ones", () => {
    const bindings = bindingsFor([
      item({ key: "a", audit: ["hsts", "hsst", "ports.closed:5432", "ports.closed:99999"], evidence: ["health", "hsts"] }),
      item({ key: "b", text: "HSTS headers configured" }),
      item({ key: "c", audit: ["check_deploy:W004", "check_deploy:clean"] }),
    ]);
    expect(bindings.map((b) => [b.item.key, b.proving, b.supporting, b.source, b.unknown])).toEqual([
      ["a", ["hsts", "hsst", "ports.closed:5432", "ports.closed:99999"], ["health"], "annotation", ["hsst", "ports.closed:99999"]],
      ["c", ["check_deploy:W004", "check_deploy:clean"], [], "annotation", []],
    ]);
  });

  it("falls back to the built-in mapping by item text for a checklist without annotations, proving only what the words allow", () => {
    const bindings = bindingsFor([
      item({ key: "deploy", text: "`python manage.py check --deploy` passes with `DEBUG = False`" }),
      item({ key: "hsts", text: "HSTS headers configured (`SECURE_HSTS_SECONDS`)" }),
      item({ key: "debug", text: "`DEBUG = False` in production" }),
      item({ key: "fw", text: "Firewall rules configured" }),
      item({ key: "ufw", text: "Enable UFW: allow ports 80, 443, 22 (SSH — limited IPs only)" }),
      item({ key: "uptime", text: "Uptime monitoring service configured" }),
      item({ key: "smoke", text: "Smoke test all critical features" }),
      item({ key: "health", text: "Health check endpoint configured" }),
      item({ key: "csrf", text: "Verify CSRF protection on all forms" }),
      item({ key: "key-env", text: "SECRET_KEY stored in an environment variable (not in code)" }),
      item({ key: "hosts", text: "ALLOWED_HOSTS configured with your domain(s)" }),
      item({ key: "none", text: "Announce the launch on the blog" }),
    ]);
    expect(Object.fromEntries(bindings.map((b) => [b.item.key, { proving: b.proving, supporting: b.supporting }]))).toEqual({
      deploy: { proving: ["check_deploy:clean"], supporting: [] },
      hsts: { proving: ["hsts", "check_deploy:W004"], supporting: [] },
      debug: { proving: ["django.debug", "check_deploy:W018"], supporting: [] },
      fw: { proving: ["ports.open", "ports.closed", "ports.closed:5432", "ports.closed:8000"], supporting: [] },
      ufw: { proving: [], supporting: ["ports.open", "ports.closed"] },
      uptime: { proving: [], supporting: ["health"] },
      smoke: { proving: [], supporting: ["health"] },
      health: { proving: ["health"], supporting: [] },
      csrf: { proving: [], supporting: ["csrf.form"] },
      "key-env": { proving: [], supporting: ["check_deploy:W009"] },
      hosts: { proving: [], supporting: ["check_deploy:W020"] },
    });
    expect(bindings.every((b) => b.source === "built-in")).toBe(true);
  });
});
