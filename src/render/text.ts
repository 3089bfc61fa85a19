import { progressBar } from "./progress.js";
import type { Reply, ReplyItem } from "./reply.js";

const STATE_MARK: Record<ReplyItem["state"], string> = { open: "[ ]", done: "[x]", blocked: "[!]", skipped: "[-]" };


export function itemLine(i: ReplyItem): string {
  const flags = [
    i.doneKind === "verified" ? "verified" : null,
    i.critical ? "CRITICAL" : null,
    i.owner ? i.owner : null,
    i.due ? `due ${i.due}${i.overdue ? " OVERDUE" : ""}` : null,
  ].filter(Boolean);
  const reason = i.reason ? ` (${i.state}: ${i.reason})` : "";
  return `${"  ".repeat(i.depth ?? 0)}${STATE_MARK[i.state]} ${i.ref.padEnd(7)} ${i.text}${reason}${flags.length ? `  [${flags.join(", ")}]` : ""}`;
}

/** Plain terminal text: the shell and the one-shot CLI print this. Buttons are not shown. */
export function renderText(reply: Reply): string {
  const out: string[] = reply.mentionChannel ? ["@here"] : [];
  const barWidth = progressWidths(reply.blocks);
  reply.blocks.forEach((block, index) => {
    switch (block.kind) {
      case "heading":
        out.push(block.text, "=".repeat(Math.min(block.text.length, 72)));
        break;
      case "text":
        out.push(block.text);
        break;
      case "progress":
        out.push(`${progressBar(block.done, block.total).padEnd(barWidth[index] ?? 0)}  ${block.label}`);
        break;
      case "fields": {
        const width = Math.max(...block.fields.map((f) => f.label.length));
        out.push(...block.fields.map((f) => `${`${f.label}:`.padEnd(width + 2)}${f.value}`));
        break;
      }
      case "items":
        out.push(...block.items.map(itemLine));
        if (block.more) out.push(`… ${block.more.count} more — ${block.more.hint}`);
        break;
      case "actions":
        out.push(block.actions.map((a) => `[${a.label}: ${a.command}]`).join("  "));
        break;
      case "divider":
        out.push("-".repeat(40));
        break;
      case "image":
        out.push(`📈 ${block.title} (a chart in Slack and Teams)`);
        break;
    }
  });
  return out.join("\n");
}

/** For each progress block, the width of the widest bar in its run of consecutive bars, so the labels line up. */
export function progressWidths(blocks: Reply["blocks"]): number[] {
  const widths: number[] = [];
  for (let i = 0; i < blocks.length; ) {
    let j = i;
    let width = 0;
    while (blocks[j]?.kind === "progress") {
      const b = blocks[j] as { done: number; total: number };
      width = Math.max(width, progressBar(b.done, b.total).length);
      j++;
    }
    for (let k = i; k < Math.max(j, i + 1); k++) widths[k] = width;
    i = Math.max(j, i + 1);
  }
  return widths;
}
