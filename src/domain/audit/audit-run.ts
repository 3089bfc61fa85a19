// What one audit run of a launch leaves behind: the check results with their
// evidence, and what the run did to the launch's items.
import type { Surface } from "../launches/types.js";
import type { CheckResult } from "./types.js";

/**
 * `manual`: someone ran a command (`audit`, or one that records results); `scheduled`: a job;
 * `ingest`: check --deploy pasted or uploaded; `api`: POSTed by CI. Live audits are the runs with a target.
 */
export type AuditTrigger = "manual" | "scheduled" | "ingest" | "api";

export type AuditItemChangeKind = "verified" | "reopened" | "flagged";

export interface AuditItemChange {
  ref: string;
  key: string;
  change: AuditItemChangeKind;
  /** The bound checks that decided it (the failing ones for reopened / flagged). */
  checks: string[];
}

export interface AuditRun {
  id: number;
  launchId: number;
  trigger: AuditTrigger;
  actor: string;
  surface: Surface;
  startedAt: Date;
  finishedAt: Date;
  /** null for a live run that reached nothing: no grade, see `unreachable`. */
  score: number | null;
  grade: string | null;
  /** Why a live run could not read the site at all; null when it could. */
  unreachable: string | null;
  requests: number;
  /** The target audited (without the CA certificate); null for recorded results (check --deploy, golive's jobs). */
  target: Record<string, unknown> | null;
  results: CheckResult[];
  itemChanges: AuditItemChange[];
}

export type NewAuditRun = Omit<AuditRun, "id" | "itemChanges">;

/** The most recent result of one check for a launch, whichever run produced it. */
export interface KnownResult extends CheckResult {
  runId: number;
  at: Date;
}
