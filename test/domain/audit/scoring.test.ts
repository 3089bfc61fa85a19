import { describe, expect, it } from "vitest";
import { gradeFor, penaltyFor, scoreResults } from "../../../src/domain/audit/scoring.js";
import type { CheckResult, CheckStatus } from "../../../src/domain/audit/types.js";

const r = (id: string, status: CheckStatus): CheckResult => ({ id, status, summary: "", evidence: {} });

describe("scoring", () => {
  it("subtracts the weight of each failed or warned check", () => {
    expect(scoreResults([r("tls.valid", "pass"), r("hsts", "warn"), r("nosniff", "fail")])).toEqual({ score: 85, grade: "B" });
  });

  it("charges the fail weight for a check that could not run", () => {
    expect(penaltyFor(r("csp", "error"))).toBe(25);
  });

  it("weighs check_deploy results and unknown ids", () => {
    expect(penaltyFor(r("check_deploy:W018", "fail"))).toBe(10);
    expect(penaltyFor(r("custom.thing", "warn"))).toBe(2);
  });

  it("never goes below zero", () => {
    expect(scoreResults([r("tls.valid", "fail"), r("django.debug", "fail"), r("csp", "fail")])).toEqual({ score: 0, grade: "F" });
  });

  it.each([
    [100, "A+"],
    [99, "A"],
    [90, "A"],
    [89, "B"],
    [75, "B"],
    [74, "C"],
    [60, "C"],
    [59, "D"],
    [45, "D"],
    [44, "F"],
  ])("grades %i as %s", (score, grade) => {
    expect(gradeFor(score)).toBe(grade);
  });
});
