// The home of one person across launches (Slack's App Home shows it): their launches,
// their open assigned items and what is overdue. A Reply, like every command answer.
import type { LaunchWork } from "../src/domain/launches/my-work.js";
import type { Reply, ReplyBlock } from "../src/render/reply.js";
import { replyItem } from "./present.js";

const LIST_MAX = 20;

export function homeReply(work: LaunchWork[], notice?: Reply): Reply {
  const blocks: ReplyBlock[] = notice ? [...notice.blocks, { kind: "divider" }] : [];
  blocks.push({ kind: "heading", text: "Your launches" });
  if (work.length === 0) {
    blocks.push({
      kind: "text",
      text: "You have no role on a launch and nothing assigned. Start one in a channel: `/golive launch create shop --checklist django-lms --date 2026-12-01`, or ask a release manager for `role grant @you member`.",
    });
    return { ok: true, visibility: "ephemeral", summary: "golive: no launches", blocks };
  }
  for (const w of work) {
    const r = w.readiness;
    const who = w.role ?? "items assigned to you";
    blocks.push({ kind: "progress", label: `${w.launch.name} · ${who} · ${r.phase} · launch ${w.launch.launchDate} · ${r.verdict.toUpperCase()}`, done: r.done, total: r.total });
  }
  const assigned = work.flatMap((w) => w.assigned.map((item) => ({ w, item })));
  blocks.push({ kind: "heading", text: `Assigned to you (${assigned.length})` });
  blocks.push(itemsOf(assigned, true, "/golive list --mine"));
  const overdue = work.flatMap((w) => w.overdue.map((item) => ({ w, item })));
  blocks.push({ kind: "heading", text: `Overdue (${overdue.length})` });
  blocks.push(itemsOf(overdue, false, "/golive list --overdue"));
  return { ok: true, visibility: "ephemeral", summary: `golive: ${work.length} launch(es), ${assigned.length} assigned, ${overdue.length} overdue`, blocks };
}

function itemsOf(entries: { w: LaunchWork; item: LaunchWork["assigned"][number] }[], withActions: boolean, hint: string): ReplyBlock {
  const items = entries.slice(0, LIST_MAX).map(({ w, item }) => {
    const shown = replyItem(item, w.launch, w.readiness.today, withActions);
    return { ...shown, ref: `${w.launch.name} ${shown.ref}` };
  });
  const more = entries.length - items.length;
  return more > 0 ? { kind: "items", items, more: { count: more, hint } } : { kind: "items", items };
}
