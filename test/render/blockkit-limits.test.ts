// The Slack limits validator must be able to fail: one payload per limit.
import { describe, expect, it } from "vitest";
import { assertSlackLimits } from "../helpers/slack-limits.js";

type Json = Record<string, unknown>;

const mrkdwn = (text: string) => ({ type: "mrkdwn", text });
const plain = (text: string) => ({ type: "plain_text", text });
const button = (actionId: string, value = "check 1.1", text = "Check") => ({
  type: "button",
  text: plain(text),
  action_id: actionId,
  value,
});
const overflow = (actionId: string, options: Json[]) => ({ type: "overflow", action_id: actionId, options });
const option = (value: string, text = "Skip") => ({ text: plain(text), value });

function validMessage(): { text: string; blocks: Json[] } {
  return {
    text: "Status of osce-prod",
    blocks: [
      { type: "header", text: plain("osce-prod") },
      { type: "section", text: mrkdwn("All good") },
      { type: "section", fields: [mrkdwn("*Owner*\n@ops")] },
      {
        type: "actions",
        elements: [button("golive:run:1"), overflow("golive:menu:2", [option("skip 1.1"), option("details 1.1")])],
      },
      { type: "context", elements: [mrkdwn("… 3 more")] },
      { type: "divider" },
    ],
  };
}

function validModal(): Json & { blocks: Json[] } {
  return {
    type: "modal",
    title: plain("Skip 4.2"),
    submit: plain("Save"),
    callback_id: "golive:reason",
    private_metadata: "{}",
    blocks: [
      {
        type: "input",
        block_id: "reason",
        label: plain("Reason"),
        element: { type: "plain_text_input", action_id: "reason", multiline: true, max_length: 2000 },
      },
    ],
  };
}

const long = (n: number) => "x".repeat(n);

/** A breaker that replaces the block at `index` of the valid message. */
const swap =
  (index: number, block: Json) =>
  (m: { blocks: Json[] }): void => {
    m.blocks[index] = block;
  };

describe("assertSlackLimits", () => {
  it("accepts valid payloads", () => {
    expect(() => assertSlackLimits(validMessage(), "message")).not.toThrow();
    expect(() => assertSlackLimits(validModal() as never, "modal")).not.toThrow();
    expect(() => assertSlackLimits({ type: "home", blocks: validMessage().blocks } as never, "home")).not.toThrow();
  });

  const messageBreakers: [string, (m: ReturnType<typeof validMessage>) => void, RegExp][] = [
    ["51 blocks", (m) => m.blocks.push(...Array.from({ length: 45 }, () => ({ type: "divider" }))), /blocks has 51/],
    ["section text over 3000", swap(1, { type: "section", text: mrkdwn(long(3001)) }), /section text is 3001/],
    ["empty section text", swap(1, { type: "section", text: mrkdwn("") }), /section text is 0/],
    [
      "11 fields",
      swap(2, { type: "section", fields: Array.from({ length: 11 }, () => mrkdwn("f")) }),
      /section fields has 11/,
    ],
    ["field over 2000", swap(2, { type: "section", fields: [mrkdwn(long(2001))] }), /field text is 2001/],
    ["header over 150", swap(0, { type: "header", text: plain(long(151)) }), /header text is 151/],
    ["mrkdwn header", swap(0, { type: "header", text: mrkdwn("x") }), /header text must be plain_text/],
    [
      "button text over 75",
      swap(3, { type: "actions", elements: [button("a", "v", long(76))] }),
      /button text is 76/,
    ],
    [
      "button value over 2000",
      swap(3, { type: "actions", elements: [button("a", long(2001))] }),
      /button value is 2001/,
    ],
    [
      "action_id over 255",
      swap(3, { type: "actions", elements: [button(long(256))] }),
      /action_id is 256/,
    ],
    [
      "duplicate action_id",
      (m) => m.blocks.push({ type: "actions", elements: [button("golive:run:1")] }),
      /action_id "golive:run:1" is not unique/,
    ],
    [
      "overflow with 1 option",
      swap(3, { type: "actions", elements: [overflow("o", [option("a")])] }),
      /overflow options has 1/,
    ],
    [
      "overflow with 6 options",
      swap(3, {
          type: "actions",
          elements: [overflow("o", Array.from({ length: 6 }, (_, i) => option(`v${i}`)))],
        }),
      /overflow options has 6/,
    ],
    [
      "option text over 75",
      swap(3, { type: "actions", elements: [overflow("o", [option("a", long(76)), option("b")])] }),
      /option text is 76/,
    ],
    [
      "option value over 150",
      swap(3, { type: "actions", elements: [overflow("o", [option(long(151)), option("b")])] }),
      /option value is 151/,
    ],
    [
      "26 actions elements",
      swap(3, {
          type: "actions",
          elements: Array.from({ length: 26 }, (_, i) => button(`b${i}`)),
        }),
      /actions elements has 26/,
    ],
    ["block_id over 255", swap(5, { type: "divider", block_id: long(256) }), /block_id is 256/],
    [
      "duplicate block_id",
      (m) => {
        m.blocks[5] = { type: "divider", block_id: "b" };
        m.blocks.push({ type: "divider", block_id: "b" });
      },
      /block_id "b" is not unique/,
    ],
    [
      "11 context elements",
      swap(4, { type: "context", elements: Array.from({ length: 11 }, () => mrkdwn("c")) }),
      /context elements has 11/,
    ],
    ["missing fallback text", (m) => Reflect.deleteProperty(m, "text"), /fallback text must be present/],
    [
      "blank fallback text",
      (m) => {
        m.text = "  ";
      },
      /fallback text must be present/,
    ],
    ["unknown block type", (m) => m.blocks.push({ type: "carousel" }), /unexpected block type carousel/],
  ];

  it.each(messageBreakers)("rejects a message with %s", (_name, breakIt, expected) => {
    const message = validMessage();
    breakIt(message);
    expect(() => assertSlackLimits(message, "message")).toThrow(expected);
  });

  it("allows 100 blocks on home but not 101", () => {
    const blocks = (n: number) => Array.from({ length: n }, () => ({ type: "divider" }));
    expect(() => assertSlackLimits({ type: "home", blocks: blocks(100) } as never, "home")).not.toThrow();
    expect(() => assertSlackLimits({ type: "home", blocks: blocks(101) } as never, "home")).toThrow(/blocks has 101/);
  });

  it("rejects a modal title over 24 characters", () => {
    const modal = validModal();
    modal.title = plain(long(25));
    expect(() => assertSlackLimits(modal as never, "modal")).toThrow(/modal title is 25/);
  });

  it("rejects private_metadata over 3000 characters", () => {
    const modal = validModal();
    modal.private_metadata = long(3001);
    expect(() => assertSlackLimits(modal as never, "modal")).toThrow(/private_metadata is 3001/);
  });

  it("rejects a modal with an input but no submit button", () => {
    const modal = validModal();
    delete modal.submit;
    expect(() => assertSlackLimits(modal as never, "modal")).toThrow(/needs submit/);
  });

  it("lists every broken limit in one error", () => {
    const message = validMessage();
    message.text = "";
    message.blocks[0] = { type: "header", text: plain(long(151)) };
    expect(() => assertSlackLimits(message, "message")).toThrow(/breaks 2 limit\(s\)/);
  });
});
