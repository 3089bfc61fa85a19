import type { Phase } from "../checklist/types.js";

export type Surface = "shell" | "slack" | "teams" | "api" | "job";
export type Role = "viewer" | "member" | "release-manager";
export type ItemState = "open" | "done" | "blocked" | "skipped";
export type DoneKind = "attested" | "verified";
export type LaunchPhase = "pre-launch" | "launch-day" | "hypercare" | "closed";

export interface Actor {
  id: string;
  surface: Surface;
  /** The display name the surface sent with the request (Teams `from.name`), for posts; absent: posts show the id. */
  name?: string;
}

export interface Launch {
  id: number;
  name: string;
  checklistId: string;
  checklistTitle: string;
  /** YYYY-MM-DD in the launch's timezone. */
  launchDate: string;
  timezone: string;
  url: string | null;
  settings: Record<string, unknown>;
  createdBy: string;
  createdAt: Date;
  archivedAt: Date | null;
}

export interface Section {
  ref: string;
  title: string;
  parentRef: string | null;
  position: number;
  phase: Phase | null;
}

export interface Item {
  key: string;
  ref: string;
  sectionRef: string;
  parentKey: string | null;
  position: number;
  text: string;
  critical: boolean;
  phase: Phase | null;
  /** Proving audit checks (`audit=`): all passing verifies the item. */
  audit: string[];
  /** Supporting audit checks (`evidence=`): shown, a failure flags or re-opens; never verifies. */
  evidence: string[];
  state: ItemState;
  doneKind: DoneKind | null;
  reason: string | null;
  /** Waiver end (YYYY-MM-DD) for skipped items. */
  waiverUntil: string | null;
  owner: string | null;
  due: string | null;
  archivedAt: Date | null;
  updatedAt: Date;
}

/** The mutable part of an item: what events record as before → after. */
export type ItemStatePart = Pick<Item, "state" | "doneKind" | "reason" | "waiverUntil" | "owner" | "due">;

export interface LaunchEvent {
  id: number;
  launchId: number | null;
  itemKey: string | null;
  kind: string;
  actor: string;
  surface: Surface;
  at: Date;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  note: string | null;
}
