// Flattens mdast inline content to the plain text people read in chat:
// emphasis markers gone, inline code kept in backticks, links as their text.
import type { Nodes } from "mdast";

export interface TextSegment {
  text: string;
  /** Inline code: shown, but never read as a marker such as CRITICAL. */
  code: boolean;
}

export function collectSegments(node: Nodes, into: TextSegment[] = []): TextSegment[] {
  switch (node.type) {
    case "text":
      into.push({ text: node.value, code: false });
      break;
    case "inlineCode":
      into.push({ text: `\`${node.value}\``, code: true });
      break;
    case "break":
      into.push({ text: " ", code: false });
      break;
    case "image":
    case "imageReference":
      into.push({ text: node.alt ?? "", code: false });
      break;
    case "html":
    case "footnoteReference":
      break;
    default:
      if ("children" in node) for (const child of node.children) collectSegments(child, into);
  }
  return into;
}

export const collapseWhitespace = (text: string) => text.replace(/\s+/g, " ").trim();

export const plainText = (node: Nodes) =>
  collapseWhitespace(
    collectSegments(node)
      .map((s) => s.text)
      .join(""),
  );
