import { describe, expect, it } from "vitest";
import {
  type AdaptiveCard,
  ADAPTIVE_CARD_CONTENT_TYPE,
  adaptiveCardByteSize,
  CARD_ACTION_VERB,
  CARD_SIZE_BUDGET_BYTES,
  MAX_BODY_ELEMENTS,
  readCardAction,
  renderAdaptiveCard,
  renderAdaptiveCardActivityAttachment,
} from "../../src/render/adaptivecard.js";
import { progressBar } from "../../src/render/progress.js";
import type { Reply, ReplyAction, ReplyBlock, ReplyItem } from "../../src/render/reply.js";
import { assertValidCard } from "../helpers/adaptive-cards.js";

const LAUNCH = "--launch osce-prod";

function itemActions(ref: string): ReplyAction[] {
  return [
    { label: "Check", command: `check ${ref} ${LAUNCH}`, style: "primary" },
    { label: "Assign", command: `assign ${ref} ${LAUNCH}` },
    { label: "Block", command: `block ${ref} ${LAUNCH}`, style: "danger", askReason: { title: "Why is it blocked?" } },
    {
      label: "Skip",
      command: `skip ${ref} ${LAUNCH}`,
      askReason: { title: "Why does it not apply?", placeholder: "e.g. no payments in this app" },
    },
    { label: "Details", command: `show ${ref} ${LAUNCH}` },
  ];
}

function item(index: number, overrides: Partial<ReplyItem> = {}): ReplyItem {
  const ref = `4.${index}`;
  return {
    ref,
    text: `Nightly database backup is restored on a scratch server and checked (${index})`,
    state: "open",
    critical: index % 3 === 0,
    owner: index % 2 === 0 ? "@alice" : null,
    due: "2025-06-01",
    overdue: index % 4 === 0,
    actions: itemActions(ref),
    ...overrides,
  };
}

function publicReply(blocks: ReplyBlock[], summary = "osce-prod status"): Reply {
  return { ok: true, visibility: "public", summary, blocks };
}

function statusReply(): Reply {
  const sections = Array.from({ length: 15 }, (_, index) => ({
    kind: "progress" as const,
    label: `Section ${index + 1}`,
    done: index,
    total: 14,
  }));
  return publicReply([
    { kind: "heading", text: "osce-prod — T-3 (pre-launch)" },
    {
      kind: "fields",
      fields: [
        { label: "Target", value: "https://osce.example.org" },
        { label: "Launch date", value: "2025-06-04" },
        { label: "Readiness", value: "61/120 done, 4 critical open" },
      ],
    },
    ...sections,
    { kind: "divider" },
    {
      kind: "items",
      items: [
        item(1, { state: "blocked", reason: "waiting for DBA access" }),
        item(2, { state: "done", doneKind: "verified", actions: [] }),
        item(3, { state: "skipped", reason: "no payments" }),
        item(4),
      ],
    },
    { kind: "actions", actions: [{ label: "Refresh", command: `status ${LAUNCH}` }] },
  ]);
}

type JsonNode = Record<string, unknown>;

function collect(node: unknown, matches: (value: JsonNode) => boolean, found: JsonNode[] = []): JsonNode[] {
  if (Array.isArray(node)) for (const entry of node) collect(entry, matches, found);
  else if (typeof node === "object" && node !== null) {
    const record = node as JsonNode;
    if (matches(record)) found.push(record);
    for (const value of Object.values(record)) collect(value, matches, found);
  }
  return found;
}

const ofType = (card: AdaptiveCard, type: string) => collect(card, (node) => node.type === type);
const texts = (card: AdaptiveCard) => ofType(card, "TextBlock").map((block) => String(block.text));

describe("renderAdaptiveCard", () => {
  it("renders a status reply as a valid Teams card", () => {
    const card = renderAdaptiveCard(statusReply());
    assertValidCard(card);
    expect(card).toMatchObject({ type: "AdaptiveCard", version: "1.5", fallbackText: "osce-prod status" });
    expect(card.$schema).toBe("http://adaptivecards.io/schemas/adaptive-card.json");
    expect(adaptiveCardByteSize(card)).toBeLessThanOrEqual(CARD_SIZE_BUDGET_BYTES);

    expect(card.body[0]).toEqual({
      type: "TextBlock",
      text: "osce-prod — T-3 (pre-launch)",
      size: "Large",
      weight: "Bolder",
      wrap: true,
    });
    expect(card.body[1]).toMatchObject({
      type: "FactSet",
      facts: [
        { title: "Target", value: "https://osce.example.org" },
        { title: "Launch date", value: "2025-06-04" },
        { title: "Readiness", value: "61/120 done, 4 critical open" },
      ],
    });
    expect(ofType(card, "ColumnSet")).toHaveLength(15);
    expect(texts(card)).toContain("▓▓▓▓▓░░░░░ 7/14 (50%)");
    expect(texts(card)).toContain("Section 8");
  });

  it("turns every plain action into Action.Execute with an Action.Submit fallback", () => {
    const card = renderAdaptiveCard(statusReply());
    const executes = ofType(card, "Action.Execute");
    const check = executes.find((action) => action.title === "Check");
    expect(check).toEqual({
      type: "Action.Execute",
      title: "Check",
      style: "positive",
      verb: CARD_ACTION_VERB,
      data: { command: "check 4.1 --launch osce-prod" },
      fallback: {
        type: "Action.Submit",
        title: "Check",
        style: "positive",
        data: { command: "check 4.1 --launch osce-prod" },
      },
    });
    for (const action of executes) {
      expect(action.fallback).toMatchObject({ type: "Action.Submit", title: action.title, data: action.data });
    }
    // Refresh closes the reply: it is the last element.
    expect(card.body.at(-1)).toMatchObject({ type: "ActionSet", actions: [{ title: "Refresh" }] });
  });

  it("asks for a reason in a ShowCard with a required multiline Input.Text and a Save button", () => {
    const card = renderAdaptiveCard(statusReply());
    const block = ofType(card, "Action.ShowCard").find((action) => action.title === "Block");
    expect(block).toMatchObject({ style: "destructive" });
    const inner = block!.card as { body: JsonNode[]; actions: JsonNode[] };
    const input = inner.body[0]!;
    expect(input).toMatchObject({
      type: "Input.Text",
      label: "Why is it blocked?",
      isMultiline: true,
      maxLength: 2000,
      isRequired: true,
      errorMessage: expect.any(String),
    });
    expect(inner.actions).toEqual([
      {
        type: "Action.Execute",
        title: "Save",
        verb: CARD_ACTION_VERB,
        data: { command: "block 4.1 --launch osce-prod", askReason: true, reasonInputId: input.id },
        fallback: {
          type: "Action.Submit",
          title: "Save",
          data: { command: "block 4.1 --launch osce-prod", askReason: true, reasonInputId: input.id },
        },
      },
    ]);
    const skip = ofType(card, "Action.ShowCard").find((action) => action.title === "Skip");
    expect(collect(skip, (node) => node.type === "Input.Text")[0]).toMatchObject({
      placeholder: "e.g. no payments in this app",
    });

    const ids = ofType(card, "Input.Text").map((node) => node.id);
    expect(ids).toHaveLength(6);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("shows state, reference, owner, criticality, due date and reason of each item", () => {
    const card = renderAdaptiveCard(statusReply());
    const lines = texts(card);
    expect(lines).toContain(
      "⛔ **4.1** Nightly database backup is restored on a scratch server and checked (1) · due 2025-06-01",
    );
    expect(lines).toContain("Blocked: waiting for DBA access");
    expect(lines.some((line) => line.startsWith("✅ **4.2**") && line.includes("verified") && line.includes("@alice"))).toBe(
      true,
    );
    expect(lines.some((line) => line.startsWith("⏭️ **4.3**") && line.includes("⚠️ critical"))).toBe(true);
    expect(lines).toContain("Skipped: no payments");
    expect(lines.some((line) => line.startsWith("☐ **4.4**") && line.includes("⏰ overdue (due 2025-06-01)"))).toBe(
      true,
    );
  });

  it("puts a separator on the element after a divider", () => {
    const card = renderAdaptiveCard(
      publicReply([{ kind: "text", text: "one" }, { kind: "divider" }, { kind: "text", text: "two" }]),
    );
    expect(card.body).toEqual([
      { type: "TextBlock", text: "one", wrap: true },
      { type: "TextBlock", text: "two", wrap: true, separator: true },
    ]);
  });

  it("cuts a 300-item list to fit a Teams message and says how many are left", () => {
    const reply = publicReply([
      { kind: "heading", text: "Open items" },
      { kind: "items", items: Array.from({ length: 300 }, (_, index) => item(index + 1)) },
      { kind: "actions", actions: [{ label: "Next page", command: `list --page 2 ${LAUNCH}` }] },
    ]);
    const card = renderAdaptiveCard(reply);
    assertValidCard(card);
    expect(adaptiveCardByteSize(card)).toBeLessThanOrEqual(CARD_SIZE_BUDGET_BYTES);

    const shown = card.body.filter((element) => element.type === "Container").length;
    expect(shown).toBeGreaterThan(5);
    expect(shown).toBeLessThan(300);
    expect(texts(card)).toContain(`… ${300 - shown} more — use --page 2 or a narrower filter`);
    expect(card.body.at(-1)).toMatchObject({ type: "ActionSet", actions: [{ title: "Next page" }] });
  });

  it("keeps the element count sane when small items would all fit by size", () => {
    const items = Array.from({ length: 300 }, (_, index) => ({ ref: `${index}`, text: "x", state: "open" as const }));
    const card = renderAdaptiveCard(publicReply([{ kind: "items", items, more: { count: 40, hint: "use --all" } }]));
    assertValidCard(card);
    expect(card.body.length).toBeLessThanOrEqual(MAX_BODY_ELEMENTS);
    const shown = card.body.filter((element) => element.type === "Container").length;
    // The dropped items and the 40 the command already held back are counted together.
    expect(texts(card)).toContain(`… ${300 - shown + 40} more — use --page 2 or a narrower filter`);
  });

  it("shows the command's own '… N more' line when nothing needs cutting", () => {
    const card = renderAdaptiveCard(
      publicReply([{ kind: "items", items: [item(1)], more: { count: 12, hint: "use `list --all`" } }]),
    );
    assertValidCard(card);
    expect(texts(card)).toContain("… 12 more — use list --all");
  });

  it("keeps 3000-character notes whole and clips text no card could hold", () => {
    const notes = "Restore drill notes. ".repeat(150).slice(0, 3000);
    const card = renderAdaptiveCard(publicReply([{ kind: "heading", text: "Notes" }, { kind: "text", text: notes }]));
    assertValidCard(card);
    expect(texts(card)).toContain(notes);

    const huge = "🚀".repeat(40_000);
    const clipped = renderAdaptiveCard(publicReply([{ kind: "text", text: huge }], huge));
    assertValidCard(clipped);
    const shown = texts(clipped)[0]!;
    expect(shown.length).toBeLessThan(huge.length);
    expect(shown.endsWith("…")).toBe(true);
    expect(clipped.fallbackText.length).toBeLessThanOrEqual(500);
  });

  it("never emits an oversize card, even when every element is large", () => {
    const blocks: ReplyBlock[] = Array.from({ length: 40 }, (_, index) => ({
      kind: "text",
      text: `${index} ${"ö".repeat(5000)}`,
    }));
    const card = renderAdaptiveCard(publicReply(blocks));
    assertValidCard(card);
    expect(adaptiveCardByteSize(card)).toBeLessThanOrEqual(CARD_SIZE_BUDGET_BYTES);
    const kept = card.body.length - 1;
    expect(texts(card).at(-1)).toBe(`… ${40 - kept} more — use --page 2 or a narrower filter`);
  });

  it("renders an empty list and an empty reply as readable cards", () => {
    const empty = renderAdaptiveCard(publicReply([{ kind: "heading", text: "Overdue" }, { kind: "items", items: [] }]));
    assertValidCard(empty);
    expect(texts(empty)).toEqual(["Overdue", "No items."]);

    const bare = renderAdaptiveCard(publicReply([], "Nothing to report"));
    assertValidCard(bare);
    expect(texts(bare)).toEqual(["Nothing to report"]);
  });

  it("marks an error reply", () => {
    const card = renderAdaptiveCard({
      ok: false,
      visibility: "ephemeral",
      summary: "Unknown item 9.9",
      blocks: [
        { kind: "text", text: "Unknown item 9.9" },
        { kind: "text", text: "Try `list`" },
      ],
    });
    assertValidCard(card);
    expect(card.body[0]).toMatchObject({ color: "Attention" });
    expect(card.body[1]).not.toHaveProperty("color");
  });

  it("splits more than five actions into several action sets", () => {
    const actions = Array.from({ length: 7 }, (_, index) => ({ label: `A${index}`, command: `cmd ${index}` }));
    const card = renderAdaptiveCard(publicReply([{ kind: "actions", actions }]));
    assertValidCard(card);
    expect(card.body.map((element) => element.type)).toEqual(["ActionSet", "ActionSet"]);
  });

  it("wraps the card as an activity attachment", () => {
    const attachment = renderAdaptiveCardActivityAttachment(statusReply());
    expect(attachment.contentType).toBe(ADAPTIVE_CARD_CONTENT_TYPE);
    expect(attachment.contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect(attachment.content).toEqual(renderAdaptiveCard(statusReply()));
  });
});

describe("progressBar", () => {
  it("fills ten cells by the share done, full only when everything is done", () => {
    expect(progressBar(5, 10)).toBe("▓▓▓▓▓░░░░░ 5/10 (50%)");
    expect(progressBar(99, 100)).toBe("▓▓▓▓▓▓▓▓▓░ 99/100 (99%)");
    expect(progressBar(10, 10)).toBe("▓▓▓▓▓▓▓▓▓▓ 10/10 (100%)");
    expect(progressBar(0, 0)).toBe("░░░░░░░░░░ 0/0 (0%)");
    expect(progressBar(12, 10)).toBe("▓▓▓▓▓▓▓▓▓▓ 10/10 (100%)");
  });
});

describe("readCardAction", () => {
  it("reads the command of an Action.Execute invoke", () => {
    const value = { action: { type: "Action.Execute", verb: CARD_ACTION_VERB, data: { command: "check 4.2" } } };
    expect(readCardAction(value)).toEqual({ command: "check 4.2" });
  });

  it("reads the reason typed into the card the renderer made, from invoke and fallback submit", () => {
    const card = renderAdaptiveCard(statusReply());
    const save = ofType(card, "Action.ShowCard")
      .map((action) => (action.card as { actions: JsonNode[] }).actions[0]!)
      .find((action) => String((action.data as JsonNode).command).startsWith("skip 4.3"))!;
    const data = save.data as JsonNode;
    // Clients merge the inputs into the action data.
    const typed = { ...data, [String(data.reasonInputId)]: "  no payments in this app  " };
    expect(readCardAction({ action: { type: "Action.Execute", verb: save.verb, data: typed } })).toEqual({
      command: "skip 4.3 --launch osce-prod",
      reason: "no payments in this app",
    });
    expect(readCardAction(typed)).toEqual({ command: "skip 4.3 --launch osce-prod", reason: "no payments in this app" });
    expect(readCardAction(data)).toEqual({ command: "skip 4.3 --launch osce-prod", reason: "" });
  });

  it("ignores what is not a golive button", () => {
    expect(readCardAction(undefined)).toBeUndefined();
    expect(readCardAction("check 1")).toBeUndefined();
    expect(readCardAction({ action: { verb: "other.app", data: { command: "check 1" } } })).toBeUndefined();
    expect(readCardAction({ command: "  " })).toBeUndefined();
    expect(readCardAction({ msteams: { type: "messageBack" } })).toBeUndefined();
  });
});

describe("the person picker of Assign", () => {
  const assign: ReplyAction = { label: "Assign", command: `assign 4.1 ${LAUNCH}`, askReason: { title: "Assign to", placeholder: "@person", person: true } };
  const people = Array.from({ length: 130 }, (_, i) => ({ id: `0000000${i}-1111-4111-8111-111111111111`.slice(-36), name: `Person ${String(130 - i).padStart(3, "0")}` }));

  it("offers the known people, sorted by name and at most 100, as a filtered ChoiceSet whose value names the person", () => {
    const card = renderAdaptiveCard(publicReply([{ kind: "actions", actions: [assign] }]), { people: [{ id: "b-id", name: "Zoe" }, { id: "a-id", name: "Bob Stone" }, ...people] });
    assertValidCard(card);
    const action = (card.body[0] as unknown as { actions: { card: { body: Record<string, unknown>[] } }[] }).actions[0]!;
    const picker = action.card.body[0]!;
    expect(picker).toMatchObject({ type: "Input.ChoiceSet", style: "filtered", isRequired: true, label: "Assign to" });
    const choices = picker.choices as { title: string; value: string }[];
    expect(choices).toHaveLength(100);
    expect(choices[0]).toEqual({ title: "Bob Stone", value: "@a-id" });
    expect(choices.map((c) => c.title)).toEqual([...choices.map((c) => c.title)].sort((a, b) => a.localeCompare(b)));
    expect(choices.map((c) => c.title)).not.toContain("Zoe");
    // The picked value comes back under the input's id, like a typed reason.
    const save = (action.card as unknown as { actions: { data: Record<string, unknown> }[] }).actions[0]!.data;
    expect(readCardAction({ ...save, [String(picker.id)]: "@a-id" })).toEqual({ command: `assign 4.1 ${LAUNCH}`, reason: "@a-id" });
  });

  it("keeps the typed-name text box when golive knows nobody, and for actions that ask for a reason", () => {
    const block: ReplyAction = { label: "Block", command: `block 4.1 ${LAUNCH}`, askReason: { title: "Why is it blocked?" } };
    const none = renderAdaptiveCard(publicReply([{ kind: "actions", actions: [assign, block] }]));
    const known = renderAdaptiveCard(publicReply([{ kind: "actions", actions: [assign, block] }]), { people: [{ id: "a-id", name: "Bob Stone" }] });
    for (const card of [none, known]) assertValidCard(card);
    const inputs = (card: AdaptiveCard) => (card.body[0] as unknown as { actions: { card: { body: { type: string }[] } }[] }).actions.map((a) => a.card.body[0]!.type);
    expect(inputs(none)).toEqual(["Input.Text", "Input.Text"]);
    expect(inputs(known)).toEqual(["Input.ChoiceSet", "Input.Text"]);
  });

  it("falls back to the text box, keeping every Assign, when a picker per item does not fit the card", () => {
    const items = Array.from({ length: 10 }, (_, i) => item(i + 1, { actions: [{ label: "Check", command: `check 4.${i + 1}` }, { ...assign, command: `assign 4.${i + 1}` }] }));
    const card = renderAdaptiveCard(publicReply([{ kind: "items", items }]), { people });
    assertValidCard(card);
    expect(adaptiveCardByteSize(card)).toBeLessThanOrEqual(CARD_SIZE_BUDGET_BYTES);
    const text = JSON.stringify(card);
    expect(text.match(/"title":"Assign"/g)).toHaveLength(10);
    expect(text).not.toContain("Input.ChoiceSet");
  });
});

describe("Teams mentions in posts", () => {
  const post = (mentions: Reply["mentions"], text = "Open items by owner: Bob Stone 2 · Bob 1 · unassigned 4"): Reply => ({ ...publicReply([{ kind: "text", text }]), mentions });

  it("turns the names the post shows into <at> mentions with matching entities, longer names first", () => {
    const card = renderAdaptiveCard(post([{ surface: "teams", id: "b-1", name: "Bob" }, { surface: "teams", id: "b-2", name: "Bob Stone" }]));
    assertValidCard(card);
    expect((card.body[0] as { text: string }).text).toBe("Open items by owner: <at>Bob Stone</at> 2 · <at>Bob</at> 1 · unassigned 4");
    expect(card.msteams.entities).toEqual([
      { type: "mention", text: "<at>Bob Stone</at>", mentioned: { id: "b-2", name: "Bob Stone" } },
      { type: "mention", text: "<at>Bob</at>", mentioned: { id: "b-1", name: "Bob" } },
    ]);
  });

  it("mentions nobody who is not a Teams person, not shown, or only part of a word; answers without mentions are unchanged", () => {
    const plain = renderAdaptiveCard(post(undefined));
    expect(plain.msteams).toEqual({ width: "Full" });
    const card = renderAdaptiveCard(post([{ surface: "slack", id: "U1", name: "Bob" }, { surface: "teams", id: "z", name: "Zed" }, { surface: "teams", id: "s", name: "Sto" }]));
    expect(card).toEqual(plain);
  });

  it("keeps user text escaped: a name with markdown in it or text that looks like <at> stays text", () => {
    const card = renderAdaptiveCard(post([{ surface: "teams", id: "e-1", name: "Eve *Ops*" }], "ask <at>Mallory</at> and Eve *Ops* [x](https://evil.example)"));
    assertValidCard(card);
    expect((card.body[0] as { text: string }).text).toBe("ask \\<at\\>Mallory\\</at\\> and <at>Eve Ops</at> \\[x\\](https://evil.example)");
    expect(card.msteams.entities).toEqual([{ type: "mention", text: "<at>Eve Ops</at>", mentioned: { id: "e-1", name: "Eve Ops" } }]);
  });
});
