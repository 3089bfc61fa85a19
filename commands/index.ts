import assign from "./assign.js";
import audit from "./audit.js";
import auditIngest from "./audit-ingest.js";
import auditLast from "./audit-last.js";
import auditMap from "./audit-map.js";
import auditShow from "./audit-show.js";
import auditToken from "./audit-token.js";
import launchSet from "./launch-set.js";
import block from "./block.js";
import check from "./check.js";
import checklistImport from "./checklist-import.js";
import checklistLint from "./checklist-lint.js";
import checklistList from "./checklist-list.js";
import checklistShow from "./checklist-show.js";
import due from "./due.js";
import gate from "./gate.js";
import go from "./go.js";
import { helpCommand } from "./help.js";
import escalationSet from "./escalation-set.js";
import escalationShow from "./escalation-show.js";
import incidentDeclare from "./incident-declare.js";
import incidentList from "./incident-list.js";
import incidentNote from "./incident-note.js";
import { incidentAck, incidentEscalate, incidentResolve } from "./incident-respond.js";
import incidentSetup from "./incident-setup.js";
import incidentShow from "./incident-show.js";
import oncallImport from "./oncall-import.js";
import oncallOverride from "./oncall-override.js";
import oncallSet from "./oncall-set.js";
import oncallShow from "./oncall-show.js";
import oncallWho from "./oncall-who.js";
import history from "./history.js";
import jobs from "./jobs.js";
import jobsHistory from "./jobs-history.js";
import jobsRun from "./jobs-run.js";
import launchArchive from "./launch-archive.js";
import launchCreate from "./launch-create.js";
import launchList from "./launch-list.js";
import launchShow from "./launch-show.js";
import launchStart from "./launch-start.js";
import launchSync from "./launch-sync.js";
import launchUse from "./launch-use.js";
import list from "./list.js";
import nogo from "./nogo.js";
import note from "./note.js";
import outbox from "./outbox.js";
import outboxRetry from "./outbox-retry.js";
import roleGrant from "./role-grant.js";
import roleList from "./role-list.js";
import skip from "./skip.js";
import status from "./status.js";
import backupDrill from "./backup-drill.js";
import backupList from "./backup-list.js";
import backupNow from "./backup-now.js";
import backupPolicy from "./backup-policy.js";
import backupPrune from "./backup-prune.js";
import backupSet from "./backup-set.js";
import backupShow from "./backup-show.js";
import type { Command } from "./types.js";
import uncheck from "./uncheck.js";
import digest from "./digest.js";
import digestShow from "./digest-show.js";
import digestSource from "./digest-source.js";
import digestSources from "./digest-sources.js";
import unblock from "./unblock.js";
import unskip from "./unskip.js";

/** Every command, in the order help lists them (most used first). */
export const commands: Command[] = [
  status,
  list,
  check,
  uncheck,
  block,
  unblock,
  skip,
  unskip,
  assign,
  due,
  note,
  history,
  go,
  nogo,
  launchCreate,
  launchList,
  launchUse,
  launchShow,
  launchSync,
  launchArchive,
  roleGrant,
  roleList,
  checklistList,
  checklistShow,
  checklistLint,
  checklistImport,
  launchStart,
  jobs,
  jobsRun,
  jobsHistory,
  outbox,
  outboxRetry,
  launchSet,
  audit,
  auditLast,
  auditShow,
  auditMap,
  auditIngest,
  auditToken,
  incidentDeclare,
  incidentAck,
  incidentResolve,
  incidentEscalate,
  incidentNote,
  incidentList,
  incidentShow,
  incidentSetup,
  oncallWho,
  oncallShow,
  oncallSet,
  oncallOverride,
  oncallImport,
  escalationSet,
  escalationShow,
  backupSet,
  backupNow,
  backupList,
  backupShow,
  backupDrill,
  backupPrune,
  backupPolicy,
  gate,
  digest,
  digestShow,
  digestSources,
  digestSource,
];
commands.push(helpCommand(() => commands));

export function listCommands(): { name: string; summary: string }[] {
  return commands.map((c) => ({ name: c.name, summary: c.summary }));
}
