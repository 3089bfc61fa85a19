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
  return `${STATE_MARK[i.state]} ${i.ref.padEnd(7)} ${i.text}${reason}${flags.length ? `  [${flags.join(", ")}]` : ""}`;
}

/** Plain terminal text: the shell and the one-shot CLI print this. Buttons are not shown. */
export function renderText(reply: Reply): string {
  const out: string[] = reply.mentionChannel ? ["@here"] : [];
  for (const block of reply.blocks) {
    switch (block.kind) {
      case "heading":
        out.push(block.text, "=".repeat(Math.min(block.text.length, 72)));
        break;
      case "text":
        out.push(block.text);
        break;
      case "progress":
        out.push(`${progressBar(block.done, block.total)}  ${block.label}`);
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
  }
  return out.join("\n");
}
