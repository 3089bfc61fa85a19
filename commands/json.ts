// The `--json` shapes of the query commands (documented in the README, "Output for scripts").
// Built from the data each command computes, never from rendered text: ids, not display names;
// ISO times; dates as YYYY-MM-DD.
import type { AuditRun } from "../src/domain/audit/audit-run.js";
import type { GateFinding, GateResult } from "../src/domain/launches/gate.js";
import { isOverdue, type Readiness } from "../src/domain/launches/readiness.js";
import type { Item, Launch, LaunchEvent, LaunchPhase, Section } from "../src/domain/launches/types.js";
import type { JobRun } from "../src/storage/job-runs-repo.js";

export function itemJson(item: Item, today: string) {
  return {
    ref: item.ref,
    key: item.key,
    text: item.text,
    section: item.sectionRef,
    state: item.state,
    doneKind: item.doneKind,
    critical: item.critical,
    owner: item.owner,
    due: item.due,
    overdue: isOverdue(item, today),
    reason: item.reason,
    waiverUntil: item.waiverUntil,
  };
}

export function auditRunBrief(run: AuditRun | null) {
  return run ? { run: run.id, finishedAt: run.finishedAt.toISOString(), score: run.score, grade: run.grade } : null;
}

export function decisionJson(event: LaunchEvent | undefined) {
  if (!event) return null;
  const after = event.after ?? {};
  return {
    verdict: event.kind === "decision.go" ? "go" : "no-go",
    by: event.actor,
    surface: event.surface,
    at: event.at.toISOString(),
    override: (after.override as string | null | undefined) ?? null,
    reason: event.kind === "decision.nogo" ? event.note : null,
  };
}

export function readinessJson(r: Readiness) {
  return {
    phase: r.phase,
    today: r.today,
    verdict: r.verdict,
    reasons: r.reasons,
    counts: {
      total: r.total,
      done: r.done,
      verified: r.verified,
      attested: r.attested,
      open: r.open,
      skipped: r.skipped,
      criticalOpen: r.criticalOpen.length,
      blocked: r.blocked.length,
      overdue: r.overdue.length,
    },
    sections: r.sections.map((s) => ({ ...s })),
    criticalOpen: r.criticalOpen.map((i) => itemJson(i, r.today)),
    blocked: r.blocked.map((i) => itemJson(i, r.today)),
    overdue: r.overdue.map((i) => itemJson(i, r.today)),
  };
}

export function statusJson(input: {
  launch: Launch;
  readiness: Readiness;
  section: Section | null;
  lastAudit: AuditRun | null;
  attestedAuditFails: Item[];
  decision: LaunchEvent | undefined;
}) {
  const { launch, readiness } = input;
  return {
    launch: launch.name,
    launchDate: launch.launchDate,
    timezone: launch.timezone,
    section: input.section ? { ref: input.section.ref, title: input.section.title } : null,
    ...readinessJson(readiness),
    attestedAuditFails: input.attestedAuditFails.map((i) => itemJson(i, readiness.today)),
    lastAudit: auditRunBrief(input.lastAudit),
    decision: decisionJson(input.decision),
  };
}

/** `items` is the page shown (every matching item when no page was asked for); `total` counts them all. */
export function listJson(input: { launch: Launch; section?: string; filters: string[]; items: Item[]; total: number; today: string; page: { page: number; pages: number } | null }) {
  return {
    launch: input.launch.name,
    section: input.section ?? null,
    filters: input.filters,
    total: input.total,
    ...(input.page ?? {}),
    items: input.items.map((i) => itemJson(i, input.today)),
  };
}

export function eventJson(event: LaunchEvent, refOf: ReadonlyMap<string, string>) {
  return {
    id: event.id,
    at: event.at.toISOString(),
    actor: event.actor,
    surface: event.surface,
    kind: event.kind,
    item: event.itemKey ? { key: event.itemKey, ref: refOf.get(event.itemKey) ?? null } : null,
    before: event.before,
    after: event.after,
    note: event.note,
  };
}

export function launchJson(input: {
  launch: Launch;
  phase: LaunchPhase | "archived";
  conversations: { surface: string; conversation: string }[];
  unreachable: { conversation: string; reason: string; at: Date }[];
  releaseManagers: string[];
  role: string;
}) {
  const { launch } = input;
  return {
    name: launch.name,
    launchDate: launch.launchDate,
    timezone: launch.timezone,
    phase: input.phase,
    checklist: { id: launch.checklistId, title: launch.checklistTitle },
    url: launch.url,
    conversations: input.conversations.map((c) => ({ surface: c.surface, conversation: c.conversation })),
    unreachable: input.unreachable.map((b) => ({ surface: "teams", conversation: b.conversation, reason: b.reason, since: b.at.toISOString() })),
    releaseManagers: input.releaseManagers,
    createdBy: launch.createdBy,
    createdAt: launch.createdAt.toISOString(),
    archivedAt: launch.archivedAt?.toISOString() ?? null,
    yourRole: input.role,
  };
}

export function jobRunJson(run: JobRun | undefined) {
  if (!run) return null;
  return {
    slot: run.slot.toISOString(),
    trigger: run.trigger,
    outcome: run.outcome,
    replica: run.replica,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    summary: run.summary,
    error: run.error,
  };
}

export function gateJson(result: GateResult) {
  const finding = (f: GateFinding) => ({ ref: f.ref, key: f.key, text: f.text, problem: f.problem, detail: f.detail });
  return {
    launch: result.launch.name,
    verdict: result.verdict,
    at: result.at.toISOString(),
    require: result.options.require,
    maxAge: result.options.maxAge,
    reasons: result.reasons,
    failing: result.failing.map(finding),
    acceptedByOverride: result.accepted.map(finding),
    attestedOnly: result.attestedOnly.map((i) => ({ ref: i.ref, key: i.key, text: i.text })),
    decision: decisionJson(result.decision ?? undefined),
    lastAudit: auditRunBrief(result.lastAudit),
    readiness: readinessJson(result.readiness),
  };
}
