import { describe, expect, it } from "vitest";
import { assertValidCard, cardProblems } from "../helpers/adaptive-cards.js";

function card(body: unknown[], extra: Record<string, unknown> = {}) {
  return { type: "AdaptiveCard", version: "1.5", body, ...extra };
}

describe("adaptive card validation helper", () => {
  it("accepts a well-formed 1.5 card with Action.Execute and a fallback", () => {
    const valid = card([
      { type: "TextBlock", text: "Hello", wrap: true },
      { type: "FactSet", facts: [{ title: "Launch", value: "osce-prod" }] },
      {
        type: "ActionSet",
        actions: [
          {
            type: "Action.Execute",
            title: "Check",
            verb: "golive.run",
            data: { command: "check 1.1" },
            fallback: { type: "Action.Submit", title: "Check", data: { command: "check 1.1" } },
          },
        ],
      },
    ]);
    expect(cardProblems(valid)).toEqual([]);
    expect(() => assertValidCard(valid)).not.toThrow();
  });

  it("reports an element of unknown type", () => {
    expect(() => assertValidCard(card([{ type: "Carousel2", text: "x" }]))).toThrow(/Unknown element type "Carousel2"/);
  });

  it("reports an unknown action type", () => {
    const problems = cardProblems(card([{ type: "ActionSet", actions: [{ type: "Action.Teleport", title: "Go" }] }]));
    expect(problems.join("\n")).toMatch(/Unknown action type "Action.Teleport"/);
  });

  it("reports an input without id and duplicate input ids", () => {
    expect(cardProblems(card([{ type: "Input.Text", label: "Reason" }])).join("\n")).toMatch(/Input.Text needs a non-empty "id"/);
    const duplicated = card([
      { type: "Input.Text", id: "reason", label: "A" },
      { type: "Input.Text", id: "reason", label: "B" },
    ]);
    expect(cardProblems(duplicated).join("\n")).toMatch(/Duplicate Id "reason"/);
  });

  it("reports a fact without value and a text block without text", () => {
    const problems = cardProblems(card([{ type: "FactSet", facts: [{ title: "Owner" }] }, { type: "TextBlock" }]));
    expect(problems).toContainEqual(expect.stringMatching(/facts\[0\].*"title" and "value"/));
    expect(problems).toContainEqual(expect.stringMatching(/TextBlock needs a non-empty "text"/));
  });

  it("reports misspelled properties and invalid enum values the library silently drops", () => {
    const problems = cardProblems(card([{ type: "TextBlock", text: "x", wieght: "Bolder", size: "Huge" }]));
    expect(problems).toContainEqual(expect.stringMatching(/\$\.body\[0\]\.wieght was dropped/));
    expect(problems).toContainEqual(expect.stringMatching(/Invalid value "Huge" for property "size"/));
  });

  it("checks fallbacks, which the library ignores on known types", () => {
    const problems = cardProblems(
      card([
        {
          type: "ActionSet",
          actions: [{ type: "Action.Execute", title: "Go", verb: "golive.run", fallback: { type: "Action.Submit" } }],
        },
      ]),
    );
    expect(problems).toContainEqual(expect.stringMatching(/fallback: .*Action.Submit needs a non-empty "title"/));
  });

  it("reports required inputs without label and too many actions in a set", () => {
    const input = { type: "Input.Text", id: "why", isRequired: true, errorMessage: "Required" };
    expect(cardProblems(card([input])).join("\n")).toMatch(/Required inputs should have a label/);
    const actions = Array.from({ length: 6 }, (_, index) => ({
      type: "Action.Execute",
      title: `A${index}`,
      verb: "golive.run",
    }));
    expect(cardProblems(card([{ type: "ActionSet", actions }])).join("\n")).toMatch(/Maximum number of actions/);
  });

  it("reports a version Teams does not support, a wrong root type and an oversize card", () => {
    expect(cardProblems(card([{ type: "TextBlock", text: "x" }], { version: "1.6" })).join("\n")).toMatch(
      /version must be/,
    );
    expect(cardProblems({ type: "Card", version: "1.5", body: [] }).join("\n")).toMatch(/type must be "AdaptiveCard"/);
    const big = card([{ type: "TextBlock", text: "x".repeat(30_000), wrap: true }]);
    expect(cardProblems(big).join("\n")).toMatch(/Teams messages must stay under 28000/);
  });

  it("checks Teams mentions: each entity shown in a TextBlock, each <at> with its entity", () => {
    const bob = { type: "mention", text: "<at>Bob</at>", mentioned: { id: "b-1", name: "Bob" } };
    expect(cardProblems(card([{ type: "TextBlock", text: "Hi <at>Bob</at>" }], { msteams: { entities: [bob] } }))).toEqual([]);
    expect(cardProblems(card([{ type: "TextBlock", text: "Hi Bob" }], { msteams: { entities: [bob] } })).join("\n")).toMatch(/<at>Bob<\/at> is not shown/);
    expect(cardProblems(card([{ type: "TextBlock", text: "Hi <at>Bob</at>" }])).join("\n")).toMatch(/has no mention entity/);
    const noId = { ...bob, mentioned: { name: "Bob" } };
    expect(cardProblems(card([{ type: "TextBlock", text: "Hi <at>Bob</at>" }], { msteams: { entities: [noId] } })).join("\n")).toMatch(/needs type "mention"/);
  });
});
