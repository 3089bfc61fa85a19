import type { ActionsBlock, Button, ContextBlock, HeaderBlock, KnownBlock, Overflow, SectionBlock } from "@slack/types";
import { describe, expect, it } from "vitest";
import { decodeSlackAction } from "../../src/render/blockkit-actions.js";
import {
  parseReasonMetadata,
  REASON_ACTION_ID,
  REASON_BLOCK_ID,
  REASON_CALLBACK_ID,
  renderBlockKit,
  renderHome,
  renderModalForReason,
} from "../../src/render/blockkit.js";
import type { Reply, ReplyAction, ReplyBlock, ReplyItem } from "../../src/render/reply.js";
import { assertSlackLimits } from "../helpers/slack-limits.js";

const LAUNCH = "--launch osce-prod";

function itemActions(ref: string): ReplyAction[] {
  return [
    { label: "Check", command: `check ${ref} ${LAUNCH}`, style: "primary" },
    { label: "Assign to me", command: `assign ${ref} @me ${LAUNCH}` },
    {
      label: "Block…",
      command: `block ${ref} ${LAUNCH}`,
      askReason: { title: `Block ${ref}`, placeholder: "What is in the way?" },
    },
    { label: "Skip…", command: `skip ${ref} ${LAUNCH}`, askReason: { title: `Skip ${ref}` } },
    { label: "Details", command: `show ${ref} ${LAUNCH}` },
  ];
}

function item(ref: string, overrides: Partial<ReplyItem> = {}): ReplyItem {
  return { ref, text: `Task ${ref}`, state: "open", actions: itemActions(ref), ...overrides };
}

function publicReply(blocks: ReplyBlock[], summary = "osce-prod: 42/120 done"): Reply {
  return { ok: true, visibility: "public", blocks, summary };
}

function statusReply(): Reply {
  const sections = Array.from({ length: 15 }, (_, i) => ({
    kind: "progress" as const,
    label: i === 0 ? "Database Setup" : `Section ${i + 1}`,
    done: i === 0 ? 5 : i,
    total: i === 0 ? 10 : 15,
  }));
  return publicReply([
    { kind: "heading", text: "osce-prod — go-live status" },
    {
      kind: "fields",
      fields: [
        { label: "Launch", value: "2026-12-01 (T-9d)" },
        { label: "Phase", value: "pre-launch" },
        { label: "Done", value: "42/120" },
        { label: "Critical open", value: "7" },
      ],
    },
    { kind: "divider" },
    ...sections,
    {
      kind: "items",
      items: [
        item("4.2", {
          text: "Set DEBUG=False",
          critical: true,
          owner: "@owner",
          due: "2026-11-30",
          overdue: true,
        }),
        item("4.3", { state: "done", doneKind: "verified", actions: [] }),
        item("5.1", { state: "blocked", reason: "waiting for DNS <ticket #12>", actions: undefined }),
        item("6.1", { state: "skipped", reason: "no email in this app", actions: [] }),
      ],
      more: { count: 3, hint: "`list --critical` shows all" },
    },
    {
      kind: "actions",
      actions: [
        { label: "Go", command: `go ${LAUNCH}`, style: "primary" },
        { label: "No-go…", command: `nogo ${LAUNCH}`, style: "danger", askReason: { title: "No-go" } },
      ],
    },
  ]);
}

const sections = (blocks: KnownBlock[]) => blocks.filter((b): b is SectionBlock => b.type === "section");
const actionBlocks = (blocks: KnownBlock[]) => blocks.filter((b): b is ActionsBlock => b.type === "actions");
const allText = (blocks: KnownBlock[]) => JSON.stringify(blocks);
const lastBlock = (blocks: KnownBlock[]) => blocks[blocks.length - 1] as SectionBlock;

describe("renderBlockKit: a status reply", () => {
  const rendered = renderBlockKit(statusReply());

  it("stays within Slack's limits", () => {
    assertSlackLimits(rendered, "message");
  });

  it("maps the heading to a header block and the summary to fallback text", () => {
    const header = rendered.blocks[0] as HeaderBlock;
    expect(header.type).toBe("header");
    expect(header.text).toEqual({ type: "plain_text", text: "osce-prod — go-live status", emoji: true });
    expect(rendered.text).toBe("osce-prod: 42/120 done");
  });

  it("renders fields as label and value", () => {
    const fields = sections(rendered.blocks).find((s) => s.fields)?.fields;
    expect(fields?.map((f) => f.text)).toEqual([
      "*Launch*\n2026-12-01 (T-9d)",
      "*Phase*\npre-launch",
      "*Done*\n42/120",
      "*Critical open*\n7",
    ]);
  });

  it("combines the 15 progress bars into one section", () => {
    const progress = sections(rendered.blocks).filter((s) => s.text?.text.includes("▓") || s.text?.text.includes("░"));
    expect(progress).toHaveLength(1);
    const lines = progress[0]!.text!.text.split("\n");
    expect(lines).toHaveLength(15);
    // Bars first in a code span padded to one width, so they and the labels line up.
    expect(lines[0]).toBe("`▓▓▓▓▓░░░░░ 5/10 (50%)\u2007`  Database Setup");
    expect(lines[14]).toBe("`▓▓▓▓▓▓▓▓▓░ 14/15 (93%)`  Section 15");
  });

  it("shows item state, critical flag, owner, due date and overdue", () => {
    const texts = sections(rendered.blocks).map((s) => s.text?.text ?? "");
    expect(texts).toContain("☐ *4.2* Set DEBUG=False  ⚠️ critical · @owner · due 2026-11-30 (overdue)");
    expect(texts).toContain("✅ *4.3* Task 4.3  🔒 verified");
    expect(texts).toContain("⛔ *5.1* Task 5.1\n> Blocked: waiting for DNS &lt;ticket #12&gt;");
    expect(texts).toContain("⏭️ *6.1* Task 6.1\n> Skipped: no email in this app");
  });

  it("gives an item with actions a Check button and an overflow with the rest", () => {
    const itemIndex = rendered.blocks.findIndex((b) => b.type === "section" && b.text?.text.includes("*4.2*"));
    const actions = rendered.blocks[itemIndex + 1] as ActionsBlock;
    expect(actions.type).toBe("actions");
    const [check, menu] = actions.elements as [Button, Overflow];
    expect(check).toMatchObject({
      type: "button",
      text: { text: "Check" },
      value: `check 4.2 ${LAUNCH}`,
      style: "primary",
    });
    expect(check.action_id).toMatch(/^golive:run:\d+$/);
    expect(menu.type).toBe("overflow");
    expect(menu.action_id).toMatch(/^golive:menu:\d+$/);
    expect(menu.options.map((o) => o.text.text)).toEqual(["Assign to me", "Block…", "Skip…", "Details"]);
    expect(menu.options[0]!.value).toBe(`assign 4.2 @me ${LAUNCH}`);
    expect(JSON.parse(menu.options[1]!.value!)).toEqual({
      command: `block 4.2 ${LAUNCH}`,
      title: "Block 4.2",
      placeholder: "What is in the way?",
    });
  });

  it("does not add an actions block to items without actions", () => {
    const itemIndex = rendered.blocks.findIndex((b) => b.type === "section" && b.text?.text.includes("*4.3*"));
    expect(rendered.blocks[itemIndex + 1]?.type).toBe("section");
  });

  it("renders the items' more line and the reply's buttons", () => {
    const more = rendered.blocks.find((b): b is ContextBlock => b.type === "context");
    expect(more?.elements[0]).toEqual({ type: "mrkdwn", text: "… 3 more — `list --critical` shows all" });
    const last = rendered.blocks[rendered.blocks.length - 1] as ActionsBlock;
    const [go, nogo] = last.elements as [Button, Button];
    expect(go).toMatchObject({ value: `go ${LAUNCH}`, style: "primary" });
    expect(go.action_id).toMatch(/^golive:run:/);
    expect(nogo.action_id).toMatch(/^golive:ask:/);
    expect(nogo.style).toBe("danger");
    expect(JSON.parse(nogo.value!)).toEqual({ command: `nogo ${LAUNCH}`, title: "No-go" });
  });

  it("encodes actions that decode back to the command they run", () => {
    const itemIndex = rendered.blocks.findIndex((b) => b.type === "section" && b.text?.text.includes("*4.2*"));
    const [check, menu] = (rendered.blocks[itemIndex + 1] as ActionsBlock).elements as [Button, Overflow];
    expect(decodeSlackAction({ action_id: check.action_id!, value: check.value })).toEqual({
      kind: "run",
      command: `check 4.2 ${LAUNCH}`,
    });
    const [, block, skip] = menu.options;
    expect(decodeSlackAction({ action_id: menu.action_id!, selected_option: { value: block!.value! } })).toEqual({
      kind: "ask",
      command: `block 4.2 ${LAUNCH}`,
      title: "Block 4.2",
      placeholder: "What is in the way?",
    });
    expect(
      decodeSlackAction({ action_id: menu.action_id!, selected_option: { value: skip!.value!, text: skip!.text } }),
    ).toEqual({ kind: "ask", command: `skip 4.2 ${LAUNCH}`, title: "Skip 4.2" });
  });

  it("uses each action_id once", () => {
    const ids = actionBlocks(rendered.blocks).flatMap((b) => b.elements.map((e) => ("action_id" in e ? e.action_id : "")));
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe("renderBlockKit: a 300-item list", () => {
  const items = Array.from({ length: 300 }, (_, i) => item(`${Math.floor(i / 10) + 1}.${(i % 10) + 1}`));
  const list = publicReply([{ kind: "heading", text: "Open items" }, { kind: "items", items }], "300 open items");

  it("fits a message in 50 blocks and says how many items were left out", () => {
    const rendered = renderBlockKit(list);
    assertSlackLimits(rendered, "message");
    expect(rendered.blocks).toHaveLength(50);
    // header + 24 items (section + actions each) + the more line
    expect(sections(rendered.blocks).filter((s) => s.text?.text.startsWith("☐"))).toHaveLength(24);
    expect(lastBlock(rendered.blocks).text?.text).toBe(
      "… 276 more items — use `--page 2` or a narrower filter",
    );
  });

  it("fits the home tab in 100 blocks", () => {
    const home = renderHome(list);
    assertSlackLimits(home, "home");
    expect(home.type).toBe("home");
    expect(home.blocks).toHaveLength(100);
    expect(lastBlock(home.blocks as KnownBlock[]).text?.text).toBe(
      "… 251 more items — use `--page 2` or a narrower filter",
    );
  });

  it("counts the items behind a cut-off more line too", () => {
    const rendered = renderBlockKit(
      publicReply([{ kind: "items", items, more: { count: 700, hint: "`list --page 2`" } }]),
    );
    assertSlackLimits(rendered, "message");
    expect(lastBlock(rendered.blocks).text?.text).toBe("… 976 more items — use `--page 2` or a narrower filter");
  });

  it("keeps an item and its buttons together at the cut", () => {
    const rendered = renderBlockKit(publicReply([{ kind: "items", items }]));
    expect(rendered.blocks[rendered.blocks.length - 2]?.type).toBe("actions");
  });
});

describe("renderBlockKit: long text", () => {
  it("splits text over 3000 characters into several sections without losing any", () => {
    const paragraph = "Rotate the <SECRET_KEY> & restart the workers. ";
    const text = Array.from({ length: 12 }, () => paragraph.repeat(20)).join("\n");
    expect(text.length).toBeGreaterThan(3000 * 3);
    const rendered = renderBlockKit(publicReply([{ kind: "text", text }]));
    assertSlackLimits(rendered, "message");
    const parts = sections(rendered.blocks).map((s) => s.text!.text);
    expect(parts.length).toBeGreaterThan(3);
    const unescaped = parts.map((p) => p.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&"));
    expect(unescaped.join(" ").replace(/\s+/g, " ")).toBe(text.replace(/\s+/g, " ").trim());
  });

  it("splits a single unbroken word and never cuts inside an escape", () => {
    const text = "&".repeat(5000);
    const rendered = renderBlockKit(publicReply([{ kind: "text", text }]));
    assertSlackLimits(rendered, "message");
    const parts = sections(rendered.blocks).map((s) => s.text!.text);
    for (const part of parts) expect(part).toMatch(/^(&amp;)+$/);
    expect(parts.join("").length).toBe(5000 * "&amp;".length);
  });

  it("cuts text beyond the block budget with the number of characters left out", () => {
    const text = "word ".repeat(60_000); // 300,000 characters
    const rendered = renderBlockKit(publicReply([{ kind: "text", text }]));
    assertSlackLimits(rendered, "message");
    expect(rendered.blocks).toHaveLength(50);
    const shown = sections(rendered.blocks)
      .slice(0, -1)
      .reduce((sum, s) => sum + s.text!.text.length, 0);
    const more = lastBlock(rendered.blocks).text!.text;
    const left = Number(/… (\d+) more characters/.exec(more)?.[1]);
    expect(left).toBeGreaterThan(0);
    // each chunk loses only its trailing space to trimming
    expect(Math.abs(shown + left - text.length)).toBeLessThanOrEqual(49);
  });

  it("cuts item text and reasons of 3000 characters into a valid section", () => {
    const note = "Long note <with markup> & more. ".repeat(100).slice(0, 3000);
    const rendered = renderBlockKit(
      publicReply([
        {
          kind: "items",
          items: [
            item("7.1", { text: note, state: "blocked", reason: note, owner: note, due: note, critical: true }),
            item("7.2", { text: note, state: "skipped", reason: note }),
            item("7.3", { text: note }),
          ],
        },
      ]),
    );
    assertSlackLimits(rendered, "message");
    const texts = sections(rendered.blocks).map((s) => s.text!.text);
    expect(texts[0]).toMatch(/^⛔ \*7\.1\* Long note &lt;with markup&gt; &amp; more\./);
    expect(texts[0]).toContain("\n> Blocked: Long note");
    expect(texts[0]).toContain("⚠️ critical");
    expect(texts[2]).toMatch(/…$/);
  });

  it("cuts a heading to 150 characters and the fallback text to 3000", () => {
    const rendered = renderBlockKit(publicReply([{ kind: "heading", text: "H".repeat(400) }], "S".repeat(5000)));
    assertSlackLimits(rendered, "message");
    const header = rendered.blocks[0] as HeaderBlock;
    expect(header.text.text).toHaveLength(150);
    expect(header.text.text.endsWith("…")).toBe(true);
    expect(rendered.text).toHaveLength(3000);
  });
});

describe("renderBlockKit: edge cases", () => {
  it("shows an empty list as such", () => {
    const rendered = renderBlockKit(publicReply([{ kind: "items", items: [] }], "No open items"));
    assertSlackLimits(rendered, "message");
    expect(rendered.blocks).toEqual([{ type: "context", elements: [{ type: "mrkdwn", text: "No items." }] }]);
  });

  it("falls back to the summary when there is nothing else to show", () => {
    const rendered = renderBlockKit(publicReply([], "Nothing <here>"));
    assertSlackLimits(rendered, "message");
    expect(rendered.text).toBe("Nothing &lt;here&gt;");
    expect(rendered.blocks).toEqual([{ type: "section", text: { type: "mrkdwn", text: "Nothing &lt;here&gt;" } }]);
  });

  it("uses the first text as fallback when the summary is blank", () => {
    const rendered = renderBlockKit(publicReply([{ kind: "text", text: "Checked 4.2" }], " "));
    expect(rendered.text).toBe("Checked 4.2");
  });

  it("splits more than 10 fields into several sections", () => {
    const fields = Array.from({ length: 23 }, (_, i) => ({ label: `F${i}`, value: i % 2 ? "" : "v".repeat(3000) }));
    const rendered = renderBlockKit(publicReply([{ kind: "fields", fields }]));
    assertSlackLimits(rendered, "message");
    expect(sections(rendered.blocks).map((s) => s.fields?.length)).toEqual([10, 10, 3]);
    expect(sections(rendered.blocks)[0]!.fields![1]!.text).toBe("*F1*\n—");
  });

  it("splits more than 25 buttons into several actions blocks", () => {
    const actions = Array.from({ length: 30 }, (_, i) => ({ label: `Run ${i}`, command: `run ${i}` }));
    const rendered = renderBlockKit(publicReply([{ kind: "actions", actions }]));
    assertSlackLimits(rendered, "message");
    expect(actionBlocks(rendered.blocks).map((b) => b.elements.length)).toEqual([25, 5]);
  });

  it("moves a command too long for a menu option to a button, and drops one too long for a button", () => {
    const longish = `skip 4.2 ${"x".repeat(200)}`;
    const tooLong = `skip 4.2 ${"x".repeat(2100)}`;
    const rendered = renderBlockKit(
      publicReply([
        {
          kind: "items",
          items: [
            item("4.2", {
              actions: [
                { label: "Check", command: "check 4.2" },
                { label: "Long", command: longish },
                { label: "Too long", command: tooLong },
                { label: "Details", command: "show 4.2" },
                { label: "History", command: "history 4.2" },
              ],
            }),
          ],
        },
      ]),
    );
    assertSlackLimits(rendered, "message");
    const elements = actionBlocks(rendered.blocks)[0]!.elements;
    expect(elements.map((e) => e.type)).toEqual(["button", "button", "overflow"]);
    expect((elements[1] as Button).value).toBe(longish);
    expect((elements[2] as Overflow).options.map((o) => o.value)).toEqual(["show 4.2", "history 4.2"]);
    expect(allText(rendered.blocks)).not.toContain("Too long");
  });

  it("uses two buttons when an item has just two actions", () => {
    const rendered = renderBlockKit(
      publicReply([{ kind: "items", items: [item("1.1", { actions: itemActions("1.1").slice(0, 2) })] }]),
    );
    expect(actionBlocks(rendered.blocks)[0]!.elements.map((e) => e.type)).toEqual(["button", "button"]);
  });

  it("turns Slack user ids into mentions and escapes other owners", () => {
    const rendered = renderBlockKit(
      publicReply([
        {
          kind: "items",
          items: [
            item("1.1", { owner: "<@U01ABCDEF>", actions: [] }),
            item("1.2", { owner: "U01ABCDEFGH", actions: [] }),
            item("1.3", { owner: "@ops <team>", actions: [] }),
          ],
        },
      ]),
    );
    const texts = sections(rendered.blocks).map((s) => s.text!.text);
    expect(texts).toEqual([
      "☐ *1.1* Task 1.1  <@U01ABCDEF>",
      "☐ *1.2* Task 1.2  <@U01ABCDEFGH>",
      "☐ *1.3* Task 1.3  @ops &lt;team&gt;",
    ]);
  });

  it("allows 100 blocks in a modal surface", () => {
    const items = Array.from({ length: 80 }, (_, i) => item(`1.${i + 1}`));
    const rendered = renderBlockKit(publicReply([{ kind: "items", items }]), { surface: "modal" });
    // 49 items of 2 blocks each, then the more line: a 50th item would need 101
    expect(rendered.blocks).toHaveLength(99);
    expect(lastBlock(rendered.blocks).text?.text).toBe("… 31 more items — use `--page 2` or a narrower filter");
    assertSlackLimits({ type: "modal", title: { type: "plain_text", text: "golive" }, ...rendered } as never, "modal");
  });
});

describe("renderModalForReason", () => {
  it("builds a valid modal that carries the command", () => {
    const view = renderModalForReason({
      title: "Skip 4.2.1 — not applicable here",
      command: `skip 4.2.1 ${LAUNCH}`,
      placeholder: "Why does this not apply?",
      privateMetadata: JSON.stringify({ channel: "C0123", responseUrl: "https://hooks.slack.com/x" }),
    });
    assertSlackLimits(view, "modal");
    expect(view.callback_id).toBe(REASON_CALLBACK_ID);
    expect(view.title.text).toHaveLength(24);
    expect(view.submit?.text).toBe("Save");
    const input = view.blocks.find((b) => b.type === "input");
    expect(input).toMatchObject({
      block_id: REASON_BLOCK_ID,
      element: {
        type: "plain_text_input",
        action_id: REASON_ACTION_ID,
        multiline: true,
        max_length: 2000,
        placeholder: { text: "Why does this not apply?" },
      },
    });
    expect(parseReasonMetadata(view.private_metadata!)).toEqual({
      command: `skip 4.2.1 ${LAUNCH}`,
      context: JSON.stringify({ channel: "C0123", responseUrl: "https://hooks.slack.com/x" }),
    });
  });

  it("refuses metadata Slack would reject", () => {
    expect(() => renderModalForReason({ title: "Skip", command: "skip 1.1", privateMetadata: "x".repeat(3000) })).toThrow(
      /Slack allows 3000/,
    );
  });

  it("reads back only well-formed metadata", () => {
    expect(parseReasonMetadata("not json")).toBeUndefined();
    expect(parseReasonMetadata('{"context":"x"}')).toBeUndefined();
    expect(parseReasonMetadata('{"command":"skip 1.1"}')).toEqual({ command: "skip 1.1" });
  });
});

describe("decodeSlackAction", () => {
  it("ignores actions that are not golive's", () => {
    expect(decodeSlackAction({ action_id: "other:run:1", value: "check 1.1" })).toBeUndefined();
    expect(decodeSlackAction({ action_id: "golive:ask:1", value: "not json" })).toBeUndefined();
    expect(decodeSlackAction({ action_id: "golive:menu:1" })).toBeUndefined();
  });

  it("takes an ask title from the option label when the value had no room for it", () => {
    expect(
      decodeSlackAction({
        action_id: "golive:menu:3",
        selected_option: { value: '{"command":"skip 1.1"}', text: { text: "Skip…" } },
      }),
    ).toEqual({ kind: "ask", command: "skip 1.1", title: "Skip…" });
  });
});
