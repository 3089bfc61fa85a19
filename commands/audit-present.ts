import { type Names, personLabel } from "../src/domain/incidents/people.js";
// How an audit run reads in chat and in the terminal, and as JSON for tools.
import type { AuditItemChange, AuditRun } from "../src/domain/audit/audit-run.js";
import { runJson } from "../src/domain/audit/audit-service.js";
import type { CheckResult } from "../src/domain/audit/types.js";
import type { Launch } from "../src/domain/launches/types.js";
import type { Reply, ReplyBlock } from "../src/render/reply.js";

const SUMMARY_LIMIT = 160;
const stamp = (at: Date) => `${at.toISOString().slice(0, 16).replace("T", " ")}Z`;
const short = (text: string) => (text.length > SUMMARY_LIMIT ? `${text.slice(0, SUMMARY_LIMIT - 1)}…` : text);

function checkLine(result: CheckResult, run: AuditRun): string {
  // An unreachable run says once that nothing in it proves anything.
  const unproven = result.cannotVerify && !run.unreachable ? " (unverified connection)" : "";
  return `${result.status.toUpperCase().padEnd(5)} ${result.id} — ${short(result.summary.split("\n")[0] ?? "")}${unproven}`;
}

/** "score 85/100, grade B", or that the run reached nothing and has no grade. */
export function gradeLabel(run: AuditRun): string {
  return run.score === null || run.grade === null ? "could not reach the site, no grade" : `score ${run.score}/100, grade ${run.grade}`;
}

/** Why some results of the run prove nothing, said once: a run either read the site unverified or it did not. */
function unprovenNote(run: AuditRun): string | null {
  if (run.unreachable) return `Could not reach the site: ${run.unreachable}. Nothing in this run verifies an item.`;
  const reason = run.results.find((result) => result.cannotVerify)?.cannotVerify;
  return reason ? `Pages ${reason}. Those results can show problems and flag items, but verify nothing.` : null;
}

export function tally(results: readonly CheckResult[]): string {
  const count = (status: CheckResult["status"]) => results.filter((r) => r.status === status).length;
  return `${count("pass")} pass · ${count("warn")} warn · ${count("fail")} fail · ${count("error")} error`;
}

const CHANGE_LABEL: Record<AuditItemChange["change"], string> = {
  verified: "Verified",
  reopened: "Re-opened (regression)",
  flagged: "Attested, audit fails",
};

function itemChangeLines(changes: readonly AuditItemChange[]): string[] {
  return (["verified", "reopened", "flagged"] as const).flatMap((kind) => {
    const of = changes.filter((c) => c.change === kind);
    return of.length === 0 ? [] : [`${CHANGE_LABEL[kind]}: ${of.map((c) => `${c.ref} (${c.checks.join(", ")})`).join("; ")}`];
  });
}

function runSummary(run: AuditRun, launch: Launch): string {
  const changes = run.itemChanges;
  const n = (kind: AuditItemChange["change"]) => changes.filter((c) => c.change === kind).length;
  return `${launch.name} audit run ${run.id}: ${gradeLabel(run)} · ${tally(run.results)} · verified ${n("verified")}, re-opened ${n("reopened")}, flagged ${n("flagged")}`;
}

const TRIGGER: Record<AuditRun["trigger"], string> = {
  manual: "run by",
  scheduled: "scheduled,",
  ingest: "check --deploy ingested by",
  api: "check --deploy posted by",
};

export function runReply(run: AuditRun, launch: Launch, names?: Names): Reply {
  const url = typeof run.target?.url === "string" ? run.target.url : null;
  const blocks: ReplyBlock[] = [
    { kind: "heading", text: `${launch.name} · audit run ${run.id} · ${gradeLabel(run)}` },
    {
      kind: "fields",
      fields: [
        { label: "When", value: `${stamp(run.finishedAt)} (${TRIGGER[run.trigger]} ${personLabel(run.actor, names)})` },
        ...(url ? [{ label: "Target", value: url }] : []),
        { label: "Checks", value: tally(run.results) },
        ...(run.requests > 0 ? [{ label: "Requests", value: String(run.requests) }] : []),
      ],
    },
    { kind: "text", text: run.results.map((result) => checkLine(result, run)).join("\n") },
  ];
  const note = unprovenNote(run);
  if (note) blocks.push({ kind: "text", text: note });
  const changes = itemChangeLines(run.itemChanges);
  blocks.push({ kind: "text", text: changes.length > 0 ? changes.join("\n") : "No item changed." });
  blocks.push({ kind: "text", text: `Evidence: audit show ${run.id} --json · history <ref>` });
  return { ok: true, visibility: "ephemeral", summary: runSummary(run, launch), blocks };
}

/** Exactly the JSON and nothing else, for scripts. */
export function runJsonReply(run: AuditRun, launch: Launch): Reply {
  return {
    ok: true,
    visibility: "ephemeral",
    format: "json",
    summary: runSummary(run, launch),
    blocks: [{ kind: "text", text: JSON.stringify(runJson(run, launch), null, 2) }],
  };
}
