import type { Notifier } from "../../src/jobs/notifier.js";
import { checklistsRepo } from "../../src/storage/checklists-repo.js";
import type { Database } from "../../src/storage/database.js";

export const TEST_CHECKLIST = `# Shop go-live

## Pre-Launch
- [ ] Backups configured <!-- golive: key=backups critical owner=@U0ALICE due=T-3d -->
- [ ] TLS certificate renewed <!-- golive: key=tls owner=@U0BOB -->
- [ ] Pen test <!-- golive: key=pentest owner=@U0BOB -->

## Launch Day
- [ ] Deploy the release <!-- golive: key=deploy critical -->

## Post-Launch
- [ ] Review the error logs <!-- golive: key=logs owner=@U0ALICE -->
`;

export async function importTestChecklist(db: Database, at: Date) {
  await checklistsRepo.upsert(db, { id: "shop", title: "Shop go-live", source: TEST_CHECKLIST, importedBy: "test", importedAt: at });
}

export interface Delivered {
  surface: string;
  conversation: string;
  kind: "post" | "dm" | "update";
  summary: string;
  at: Date;
}

/** A Notifier that records what it was asked to deliver (the dispatcher's contract, not a module mock). */
export function recordingNotifier(surface: "slack" | "teams" | "shell", log: Delivered[], now: () => Date): Notifier {
  let n = 0;
  return {
    surface,
    async deliver(target, message) {
      log.push({ surface, conversation: target.conversation, kind: target.kind, summary: message.summary, at: now() });
      return { platformRef: `${surface}-${++n}` };
    },
    async update(ref, target, message) {
      log.push({ surface, conversation: target.conversation, kind: "update", summary: message.summary, at: now() });
      return { platformRef: ref };
    },
  };
}
