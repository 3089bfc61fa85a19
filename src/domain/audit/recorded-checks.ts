// Checks whose results golive records from something other than the live audit:
// a pasted or POSTed `check --deploy` report, golive's own jobs (backups, the log
// digest). Their results are recorded as a run with `recordResults`
// (audit-service.ts), so bindings, verification, `audit map` and history treat
// them like the live checks. `audit --only` refuses them and says where they come from.

import { BACKUP_CHECKS } from "../backup/check-ids.js";

export interface RecordedCheck {
  /** An exact id (`backup.fresh`), or a family prefix ending in ":" (`check_deploy:` covers `check_deploy:W018`). */
  id: string;
  /** Where its results come from, as a user would act on it. */
  recordedBy: string;
}

/** Append a line here for each check your feature records. */
export const RECORDED_CHECKS: readonly RecordedCheck[] = [
  { id: "check_deploy:", recordedBy: "`audit ingest check-deploy` (or CI posting to /api/launches/<name>/check-deploy)" },
  ...BACKUP_CHECKS.map(({ id }) => ({ id, recordedBy: "golive's backups and restore drills (`backup now`, `backup drill`, the backup jobs)" })),
  { id: "logs.sensitive", recordedBy: "the daily digest of the launch's logs (`digest`, and every hypercare morning)" },
];

const FAMILY_MEMBER = /^[A-Za-z0-9_][\w.-]*$/;

/** The registry entry an id belongs to, if golive records it rather than probing the site. */
export function recordedCheck(id: string): RecordedCheck | undefined {
  return RECORDED_CHECKS.find((check) =>
    check.id.endsWith(":") ? id.startsWith(check.id) && FAMILY_MEMBER.test(id.slice(check.id.length)) : id === check.id,
  );
}
