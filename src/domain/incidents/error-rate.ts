// The 5xx rate of the latest logs (the digest's log sources, read for the last few minutes):
// over the threshold, with enough requests to judge, it raises an incident (source `digest`,
// key `5xx-rate`), so a breach is one incident and every later check over the threshold
// counts on it; back under the threshold, the open incident says so once.
import type { Database } from "../../storage/database.js";
import { digestRepo } from "../../storage/digest-repo.js";
import { windowFigures } from "../digest/build.js";
import type { Figures } from "../digest/report.js";
import type { Launch } from "../launches/types.js";
import { noteCleared, onCallSetUp, raiseAutomatic } from "./automatic.js";
import { incidentRef } from "./messages.js";
import { type ErrorRateSettings, errorRateOf } from "./settings.js";

export const ERROR_RATE_SOURCE = "digest";
export const ERROR_RATE_KEY = "5xx-rate";
const SEVERITY = 2;

export interface ErrorRateCheck {
  outcome: "ok" | "skipped";
  /** One line for the job run (and the reply of a manual run). */
  summary: string;
}

const int = (n: number) => n.toLocaleString("en-US");
/** 0.05 → `5%`, 0.025 → `2.5%`: how the threshold was set. */
export const percentSetting = (f: number) => `${Number((f * 100).toFixed(2))}%`;
/** A measured rate, always with one decimal (`5.0%` is not `5%` rounded up). */
const measured = (f: number) => `${(f * 100).toFixed(1)}%`;

export function windowText(minutes: number): string {
  return minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`;
}

/** "5xx rate 12.4% (310 of 2,500 requests) over the last 15 min, threshold 5%". */
export function rateText(figures: Figures, cfg: ErrorRateSettings): string {
  return `5xx rate ${measured(figures.rate5xx ?? 0)} (${int(figures.s5xx)} of ${int(figures.requests)} requests) over the last ${windowText(cfg.windowMinutes)}, threshold ${percentSetting(cfg.threshold)}`;
}

/** Whether the check has anything to do: it is on, the launch has log sources and someone to page. */
export async function errorRateWatched(db: Database, launch: Launch): Promise<boolean> {
  if (!errorRateOf(launch).enabled) return false;
  if (!(await digestRepo.sources(db, launch.id)).some((s) => s.kind === "logs")) return false;
  return onCallSetUp(db, launch.id);
}

export async function checkErrorRate(db: Database, launch: Launch, now: Date): Promise<ErrorRateCheck> {
  const cfg = errorRateOf(launch);
  if (!cfg.enabled) return { outcome: "skipped", summary: "the 5xx-rate check is off (incident setup --5xx-rate 5% turns it on)" };
  if (!(await errorRateWatched(db, launch))) return { outcome: "skipped", summary: "nothing to watch: it needs a log source (digest source add …) and an on-call rotation or escalation policy" };
  // Logs are read outside any transaction (slow); the incident is written in one.
  const to = new Date(Math.floor(now.getTime() / 60_000) * 60_000);
  const { figures } = await windowFigures(db, launch, { from: new Date(to.getTime() - cfg.windowMinutes * 60_000), to });
  const text = rateText(figures, cfg);
  if (figures.requests < cfg.minRequests) {
    return { outcome: "ok", summary: `${int(figures.requests)} requests over the last ${windowText(cfg.windowMinutes)}: fewer than ${int(cfg.minRequests)}, not judged` };
  }
  if ((figures.rate5xx ?? 0) > cfg.threshold) {
    const raised = await db.transaction((tx) => raiseAutomatic(tx, launch, { source: ERROR_RATE_SOURCE, key: ERROR_RATE_KEY, summary: text, severity: SEVERITY, detail: text }, now));
    if (!raised) return { outcome: "ok", summary: `${text}; nobody is on call, no incident` };
    return { outcome: "ok", summary: `${text}: ${raised.created ? "raised" : "counted on"} incident ${incidentRef(raised.incident)}` };
  }
  const cleared = await db.transaction((tx) => noteCleared(tx, launch, ERROR_RATE_SOURCE, ERROR_RATE_KEY, text, now));
  return { outcome: "ok", summary: cleared ? `${text}: back under, noted on incident ${incidentRef(cleared)}` : text };
}
