// The escalation ladder's clock: every minute, due escalation steps (next rungs, reminders)
// of each launch are done. The run is claimed like every job's slot, and each step is also
// claimed in the transaction that acts on it, so a step is done once across replicas.
import { runDueSteps } from "../domain/incidents/escalation.js";
import { incidentsRepo } from "../storage/incidents-repo.js";
import type { Job } from "./job.js";
import { defaultReplica } from "./run-job.js";

export const escalationJob: Job = {
  name: "escalation",
  summary: "Pages the next rung of an unacknowledged incident's ladder when its wait is over, and reminds whoever acknowledged",
  defaultSchedule: "* * * * *",
  catchUp: "once",
  when: "every minute while an incident has a step due (no run is recorded otherwise)",
  appliesOn: () => true,
  hasWork: ({ db, launch, now }) => incidentsRepo.hasDue(db, launch.id, now),
  async run({ db, launch, now }) {
    const ran = await runDueSteps(db, launch, now, defaultReplica());
    return ran === 0 ? { summary: "no escalation step was due", outcome: "skipped" } : { summary: `did ${ran} escalation step(s)` };
  },
};
