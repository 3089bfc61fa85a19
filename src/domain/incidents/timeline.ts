// An incident's timeline in words, to the second: who was paged, when, on which surface,
// whether it was delivered (from the outbox), acknowledgements, escalations, notes, resolution.
import type { Queryable } from "../../storage/database.js";
import { eventsRepo } from "../../storage/events-repo.js";
import { type Incident, type IncidentPage, incidentsRepo } from "../../storage/incidents-repo.js";
import type { Launch, LaunchEvent } from "../launches/types.js";
import { localSeconds } from "./local-time.js";
import { SOURCE_LABEL } from "./messages.js";
import { personLabel } from "./people.js";

const SURFACE: Record<string, string> = { slack: "Slack", teams: "Teams", shell: "shell", pagerduty: "PagerDuty" };
export const MAX_TIMELINE = 500;

function delivery(page: IncidentPage | undefined, tz: string): string {
  if (!page) return "";
  const d = page.delivery;
  if (d.status === "delivered") return ` — delivered ${d.deliveredAt ? localSeconds(d.deliveredAt, tz).slice(11) : ""}`.trimEnd();
  if (d.status === "dead") return ` — NOT delivered: ${d.lastError ?? "refused"}`;
  if (d.status === "superseded") return " — replaced by a newer version";
  return d.attempts > 0 ? ` — not delivered yet (attempt ${d.attempts}: ${d.lastError ?? "retrying"})` : " — queued";
}

function line(e: LaunchEvent, pages: Map<number, IncidentPage>, tz: string): string {
  const a = (e.after ?? {}) as Record<string, unknown>;
  const by = e.surface === "job" ? "" : e.surface === "api" ? ` by ${SOURCE_LABEL[e.actor] ?? e.actor}` : ` by ${personLabel(e.actor)} (${SURFACE[e.surface] ?? e.surface})`;
  const page = typeof a.outboxId === "number" ? pages.get(a.outboxId) : undefined;
  const step = typeof a.step === "number" ? `step ${a.step}: ` : "";
  const target = (t: unknown) => (typeof t === "string" && !t.startsWith("the ") && !t.includes(":") && t !== "PagerDuty" ? personLabel(t) : String(t));
  const what = (() => {
    switch (e.kind) {
      case "incident.declared":
        return `declared${by}: "${a.summary}" SEV${a.severity} (policy ${a.policy}${Number(a.alerts) > 1 ? `, ${a.alerts} alerts` : ""})`;
      case "incident.alert_repeated":
        return `${a.count} more alert(s) (${a.total} in all)${a.detail ? `: ${a.detail}` : ""}`;
      case "incident.cleared":
        return `cleared: ${a.detail} (open until someone resolves it)`;
      case "incident.paged":
        return `${step}paged ${target(a.target)} by ${SURFACE[String(a.surface)] ?? a.surface} ${a.via === "dm" ? "direct message" : "channel post"}${a.why ? ` (${a.why})` : ""}${delivery(page, tz)}`;
      case "incident.page_failed":
        return `${step}could not page ${target(a.target)}${a.surface ? ` on ${SURFACE[String(a.surface)] ?? a.surface}` : ""}: ${a.reason}`;
      case "incident.escalated":
        return `escalated to step ${a.step}: ${a.reason}`;
      case "incident.acknowledged":
        return `acknowledged${by}${a.stoppedEscalation ? "; escalation stopped" : ""}`;
      case "incident.reminded":
        return `reminded ${target(a.person)} that it is still open`;
      case "incident.resolved":
        return `resolved${by}${e.note ? `: ${e.note}` : ""}`;
      case "incident.note":
        return `note${by}: ${e.note}`;
      case "incident.ladder_ended":
        return `escalation ended: ${a.reason}`;
      case "incident.pagerduty":
        return `PagerDuty ${a.action} (dedup_key ${a.dedupKey})${delivery(page, tz)}`;
      default:
        return `${e.kind}${by}`;
    }
  })();
  return `${localSeconds(e.at, tz)}  ${what}`;
}

export async function timelineLines(db: Queryable, launch: Launch, incident: Incident): Promise<{ lines: string[]; total: number }> {
  const { events, total } = await eventsRepo.list(db, launch.id, { itemKey: `incident:${incident.id}`, limit: MAX_TIMELINE });
  const pages = new Map((await incidentsRepo.pages(db, incident.id)).map((p) => [p.outboxId, p]));
  return { lines: events.reverse().map((e) => line(e, pages, launch.timezone)), total };
}
