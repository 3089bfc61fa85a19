import { GoliveError } from "../../errors.js";
import { announceDecision } from "../announcements/announce.js";
import type { Database } from "../../storage/database.js";
import { eventsRepo } from "../../storage/events-repo.js";
import { needsAttention, type Readiness } from "./readiness.js";
import type { Actor, Launch } from "./types.js";

const SHOWN = 10;
const listed = (items: { ref: string; text: string }[]) => [
  ...items.slice(0, SHOWN).map((i) => `${i.ref}  ${i.text}`),
  ...(items.length > SHOWN ? [`… ${items.length - SHOWN} more: list --attention shows them all`] : []),
];

export type Decision = { verdict: "go"; override?: string } | { verdict: "nogo"; reason: string };

/** Records a go / no-go decision with the readiness at that moment. `go` needs readiness or an override. */
export async function recordDecision(db: Database, launch: Launch, readiness: Readiness, decision: Decision, actor: Actor, at: Date) {
  if (decision.verdict === "go" && readiness.verdict === "no-go" && !decision.override) {
    throw new GoliveError(
      "conflict",
      `Go refused: ${readiness.reasons.join(", ")}.`,
      "Finish or waive those items, or, as a release manager, decide anyway: go --override <reason>",
      listed(needsAttention({ ...readiness, overdue: [] })),
    );
  }
  const snapshot = {
    verdict: readiness.verdict,
    reasons: readiness.reasons,
    done: readiness.done,
    total: readiness.total,
    skipped: readiness.skipped,
    criticalOpen: readiness.criticalOpen.map((i) => i.ref),
    blocked: readiness.blocked.map((i) => i.ref),
    overdue: readiness.overdue.map((i) => i.ref),
  };
  const override = decision.verdict === "go" ? (decision.override ?? null) : null;
  const announcement = decision.verdict === "go"
    ? `GO${override ? ` (override: ${override})` : ""}`
    : `NO-GO: ${decision.reason}`;
  await db.transaction(async (tx) => {
    await eventsRepo.append(tx, {
      launchId: launch.id,
      itemKey: null,
      kind: decision.verdict === "go" ? "decision.go" : "decision.nogo",
      actor: actor.id,
      surface: actor.surface,
      at,
      before: null,
      after: { decision: decision.verdict, override, readiness: snapshot },
      note: decision.verdict === "nogo" ? decision.reason : override,
    });
    await announceDecision(tx, launch, announcement, actor, at);
  });
}
