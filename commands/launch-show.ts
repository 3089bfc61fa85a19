import { z } from "zod";
import { dateIn, phaseOn } from "../src/domain/launches/calendar.js";
import { reply } from "../src/render/reply.js";
import { conversationsRepo } from "../src/storage/conversations-repo.js";
import { rolesRepo } from "../src/storage/roles-repo.js";
import { teamsConversationsRepo } from "../src/storage/teams-conversations-repo.js";
import { launchJson } from "./json.js";
import { eventsRepo } from "../src/storage/events-repo.js";
import { peopleRepo } from "../src/storage/people-repo.js";
import { peopleLabel } from "../src/domain/incidents/people.js";
import { decisionLine } from "../src/domain/launches/reply-parts.js";
import { defineCommand } from "./types.js";

export default defineCommand({
  name: "launch show",
  scope: "launch",
  role: "viewer",
  summary: "Show a launch: date, phase, checklist, target, channels, release managers",
  usage: "launch show [--launch <name>] [--json]",
  examples: ["launch show", "launch show --launch osce-prod", "launch show --json"],
  flags: { json: "boolean" },
  args: z.object({ json: z.boolean().default(false) }),
  async run({ json }, { launch, services, role }) {
    const today = dateIn(launch.timezone, services.clock.now());
    const bindings = await conversationsRepo.bindingsOf(services.db, launch.id);
    const managers = (await rolesRepo.list(services.db, launch.id)).filter((g) => g.role === "release-manager");
    const brokenTeams = await teamsConversationsRepo.brokenBindings(services.db, launch.id);
    if (json) {
      const phase = launch.archivedAt ? ("archived" as const) : phaseOn(launch.launchDate, today);
      const data = launchJson({ launch, phase, conversations: bindings, unreachable: brokenTeams, releaseManagers: managers.map((m) => m.principal), role });
      return reply.json(data, `Launch ${launch.name}`);
    }
    const { events } = await eventsRepo.list(services.db, launch.id, { kindPrefix: "decision.", limit: 1 });
    const names = await peopleRepo.names(services.db, [launch.createdBy, ...managers.map((m) => m.principal), ...events.map((e) => e.actor)]);
    return reply.ok(`Launch ${launch.name}`, [
      { kind: "heading", text: `Launch ${launch.name}` },
      {
        kind: "fields",
        fields: [
          { label: "Date", value: `${launch.launchDate} (${launch.timezone})` },
          { label: "Phase", value: launch.archivedAt ? "archived" : phaseOn(launch.launchDate, today) },
          { label: "Checklist", value: `${launch.checklistTitle} (${launch.checklistId})` },
          { label: "URL", value: launch.url ?? "not set" },
          { label: "Conversations", value: bindings.map((b) => `${b.surface}:${b.conversation}`).join(", ") || "none (launch use <name> in a channel)" },
          ...brokenTeams.map((b) => ({ label: "Unreachable", value: `teams:${b.conversation}: ${b.reason} (since ${b.at.toISOString().slice(0, 16)}Z); add the golive app there again or launch use in another channel` })),
          { label: "Release managers", value: peopleLabel(managers.map((m) => m.principal), names) },
          { label: "Decision", value: decisionLine(events[0], launch.timezone, names) ?? "not yet (go / nogo)" },
          { label: "Your role", value: role },
        ],
      },
    ]);
  },
});
