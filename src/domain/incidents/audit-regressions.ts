// An audit on launch day or in hypercare that finds a critical check regressing (it passed
// before, now it fails or cannot run) raises an incident, one per check while it stays open.
import type { Database } from "../../storage/database.js";
import type { CheckResult } from "../audit/types.js";
import { dateIn, phaseOn } from "../launches/calendar.js";
import type { Launch } from "../launches/types.js";
import { receiveAlerts } from "./alerts.js";

export const CRITICAL_CHECKS: Record<string, string> = {
  health: "the health endpoint is down",
  "tls.valid": "the TLS certificate is not valid",
  "django.debug": "the Django debug page is exposed",
};

export async function raiseAuditRegressions(db: Database, launch: Launch, before: ReadonlyMap<string, Pick<CheckResult, "status">>, results: readonly CheckResult[], at: Date): Promise<number> {
  const phase = phaseOn(launch.launchDate, dateIn(launch.timezone, at));
  if (phase !== "launch-day" && phase !== "hypercare") return 0;
  const regressions = results.filter((r) => CRITICAL_CHECKS[r.id] && (r.status === "fail" || r.status === "error") && before.get(r.id)?.status === "pass");
  if (regressions.length === 0) return 0;
  const alerts = regressions.map((r) => ({ key: r.id, summary: `Audit: ${CRITICAL_CHECKS[r.id]} (${r.summary})`, severity: 1 }));
  await receiveAlerts(db, launch, "audit", alerts, { id: "golive", surface: "job" }, at);
  return regressions.length;
}
