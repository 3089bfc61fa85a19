import { describe, expect, it } from "vitest";
import { BUILTIN_POLICIES, parsePolicy, policyText } from "../../../src/domain/incidents/policy.js";

const parseMention = (t: string) => (/^@[a-z]+$/.test(t) ? t.slice(1) : null);
const parse = (source: string) => parsePolicy("p", source, { parseMention });

describe("escalation policies", () => {
  it("reads the issue's example and writes it back the same", () => {
    const source = "notify oncall:primary; wait 5m; notify oncall:secondary; wait 10m; notify role:release-manager; wait 10m; notify channel; repeat 2";
    const policy = parse(source);
    expect(policy.steps).toEqual([
      { kind: "notify", target: { kind: "rotation", rotation: "primary" } },
      { kind: "wait", ms: 300_000 },
      { kind: "notify", target: { kind: "rotation", rotation: "secondary" } },
      { kind: "wait", ms: 600_000 },
      { kind: "notify", target: { kind: "release-managers" } },
      { kind: "wait", ms: 600_000 },
      { kind: "notify", target: { kind: "channel" } },
      { kind: "repeat", times: 2, from: 0 },
    ]);
    expect(policyText(policy.steps)).toBe(source);
    expect(parse("notify @alice; wait 1h; pagerduty PD_ROUTING_KEY; wait 5m; notify @bob; repeat 3 from 3").steps).toEqual([
      { kind: "notify", target: { kind: "person", person: "alice" } },
      { kind: "wait", ms: 3_600_000 },
      { kind: "pagerduty", env: "PD_ROUTING_KEY" },
      { kind: "wait", ms: 300_000 },
      { kind: "notify", target: { kind: "person", person: "bob" } },
      { kind: "repeat", times: 3, from: 2 },
    ]);
  });

  it.each([
    ["notify oncall:primary; wiat 10m", /step 2 \("wiat 10m"\): unknown step "wiat"/],
    ["notify oncall:primary; wait ten minutes", /step 2 \("wait ten minutes"\): wait takes a duration/],
    ["notify oncall:primary; wait 30s", /step 2 .*between 1m and 24h/],
    ["notify the boss", /step 1 \("notify the boss"\): notify takes one target/],
    ["notify bob", /step 1 \("notify bob"\): "bob" is not a target/],
    ["notify @alice; repeat 2; wait 5m", /step 2 \("repeat 2"\): repeat must be the last step/],
    ["notify @alice; notify @bob; repeat 2", /step 3 \("repeat 2"\): the repeated steps need a wait/],
    ["notify @alice; wait 5m; repeat 2 from 3", /step 3 .*repeats from step 3, which is not before it/],
    ["notify @alice;; wait 5m; notify @bob", /step 2 \(""\): the step is empty/],
    ["notify @alice; wait 5m", /step 2 \("wait 5m"\): a policy cannot end with a wait/],
    ["wait 5m; repeat 1", /notifies nobody/],
    ["pagerduty pd-key", /step 1 .*NAME of the environment variable/],
  ])("points at the step that is wrong: %s", (source, message) => {
    expect(() => parse(source)).toThrow(message);
  });

  it("pages faster on launch day than in the other phases out of the box", () => {
    const waits = (name: "launch-day" | "standard") => BUILTIN_POLICIES[name].steps.flatMap((s) => (s.kind === "wait" ? [s.ms] : []));
    expect(Math.max(...waits("launch-day"))).toBeLessThan(Math.min(...waits("standard")));
    expect(BUILTIN_POLICIES["launch-day"].remindMinutes).toBeLessThan(BUILTIN_POLICIES.standard.remindMinutes);
  });
});
