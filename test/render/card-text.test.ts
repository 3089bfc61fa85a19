// User text in Teams cards shows as written: Teams reads TextBlocks (and fact values) as
// markdown, so a spoofed link, a list or emphasis in user text must stay literal. The cards are
// read back with a CommonMark + GFM parser (what a markdown renderer sees), not by string matching.
import { gfm } from "micromark-extension-gfm";
import type { Nodes } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { describe, expect, it } from "vitest";
import { type AdaptiveCard, cardMarkdown, renderAdaptiveCard } from "../../src/render/adaptivecard.js";
import type { Reply, ReplyBlock } from "../../src/render/reply.js";
import { assertValidCard } from "../helpers/adaptive-cards.js";

const parse = (markdown: string) => fromMarkdown(markdown, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });

function nodes(node: Nodes, found: Nodes[] = []): Nodes[] {
  found.push(node);
  if ("children" in node) for (const child of node.children) nodes(child as Nodes, found);
  return found;
}
const shown = (node: Nodes): string => ("value" in node ? node.value : "children" in node ? node.children.map((c) => shown(c as Nodes)).join("") : "");

/** Every markdown string of a card: TextBlock texts and fact titles and values. */
function markdownOf(card: AdaptiveCard): string[] {
  const out: string[] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === "object") {
      const record = value as Record<string, unknown>;
      if (record.type === "TextBlock") out.push(String(record.text));
      if (typeof record.title === "string" && typeof record.value === "string") out.push(record.title, record.value);
      Object.values(record).forEach(walk);
    }
  };
  walk(card.body);
  return out;
}

/** Links whose label is not their own URL (what a spoof needs). */
const falseLinks = (markdown: string) =>
  nodes(parse(markdown)).filter((n) => n.type === "link" && shown(n) !== n.url && `http://${shown(n)}` !== n.url && `mailto:${shown(n)}` !== n.url);

const SPOOFS = [
  "[Click here](https://evil.example/login)",
  "[Approve](https://evil.example/approve \"Approve\")",
  "![x](https://evil.example/pixel.png)",
  "<https://evil.example>",
  "[Approve][1]\n\n[1]: https://evil.example",
  "**bold** _it_ ~~gone~~ `code`",
];

const reply = (blocks: ReplyBlock[]): Reply => ({ ok: true, visibility: "public", summary: "s", blocks });

describe("user text in Teams cards", () => {
  it("never becomes a link with a false label, in text, facts, items, reasons and progress labels", () => {
    for (const spoof of SPOOFS) {
      const card = renderAdaptiveCard(
        reply([
          { kind: "heading", text: `History of 1.2 ${spoof}` },
          { kind: "text", text: `2026-12-01 09:00Z  Rita  blocked 1.2 — ${spoof}\nsecond line ${spoof}` },
          { kind: "fields", fields: [{ label: "Decision", value: `NO-GO by Rita: ${spoof}` }] },
          { kind: "progress", label: `1 ${spoof}`, done: 1, total: 2 },
          { kind: "items", items: [{ ref: "1.2", text: spoof, state: "blocked", reason: spoof, owner: "Rita" }] },
        ]),
      );
      assertValidCard(card);
      for (const markdown of markdownOf(card)) {
        expect(falseLinks(markdown), markdown).toEqual([]);
        const kinds = nodes(parse(markdown)).map((n) => n.type);
        for (const kind of ["image", "imageReference", "linkReference", "emphasis", "delete", "inlineCode", "definition", "html"]) {
          expect(kinds, markdown).not.toContain(kind);
        }
      }
    }
  });

  it("shows the text as written (the URL stays visible as itself)", () => {
    const text = "[Click here](https://evil.example/login) a_b *c* 3 < 4 & #5 \\ done";
    expect(shown(parse(cardMarkdown(text)))).toBe(text);
  });

  it("keeps section labels and dashes from turning into lists", () => {
    for (const text of ["1. Database Setup", "12) Hypercare", "- not a bullet", "+ nor this", "# nor a heading", "> nor a quote"]) {
      const tree = parse(cardMarkdown(text));
      expect(tree.children.map((c) => c.type)).toEqual(["paragraph"]);
      expect(shown(tree)).toBe(text);
    }
  });

  it("drops code marks the card cannot show", () => {
    expect(cardMarkdown("use `list --open --page 2`")).toBe("use list --open --page 2");
  });

  it("keeps each line of a text on its own line, indentation included", () => {
    const card = renderAdaptiveCard(reply([{ kind: "text", text: "Usage: check <ref>\nExamples:\n  check 4.2\n\nlast" }]));
    assertValidCard(card);
    const container = card.body[0];
    expect(container?.type).toBe("Container");
    const lines = (container as { items: { text: string; spacing?: string }[] }).items;
    expect(lines.map((l) => shown(parse(l.text)))).toEqual(["Usage: check <ref>", "Examples:", "\u00a0\u00a0check 4.2", "\u00a0", "last"]);
    expect(lines.slice(1).every((l) => l.spacing === "None")).toBe(true);
  });

  it("bolds only golive's own ref in an item line", () => {
    const card = renderAdaptiveCard(reply([{ kind: "items", items: [{ ref: "4.2", text: "**Set** `DEBUG=False`", state: "open" }] }]));
    const line = markdownOf(card)[0]!;
    const strong = nodes(parse(line)).filter((n) => n.type === "strong");
    expect(strong.map(shown)).toEqual(["4.2"]);
    expect(shown(parse(line))).toBe("☐ 4.2 **Set** DEBUG=False");
  });
});
