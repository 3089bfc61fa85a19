import { describe, expect, it } from "vitest";
import { bindConversation } from "../../src/domain/launches/launches.js";
import { localStamp } from "../../src/jobs/cron.js";
import { createDispatcher } from "../../src/jobs/dispatcher.js";
import { createScheduler } from "../../src/jobs/scheduler.js";
import { launchesRepo } from "../../src/storage/launches-repo.js";
import { engines, useDatabase } from "../helpers/db.js";
import { shellAs, testServices } from "../helpers/harness.js";
import { type Delivered, importTestChecklist, recordingNotifier } from "./fixtures.js";

const HOUR = 60 * 60_000;

describe.each(engines)("launch phases on %s", (engine) => {
  const getDb = useDatabase(engine);

  it("walks a launch from T-8d to T+9d and posts exactly the expected messages", async () => {
    const db = getDb();
    const { services, clock } = testServices(db, "2026-11-23T08:00:00Z");
    const shell = shellAs(services, "rita");
    await importTestChecklist(db, clock.now());
    expect((await shell.run("launch create shop-web --checklist shop --date 2026-12-01 --tz Europe/London")).ok).toBe(true);
    expect((await shell.run("launch use shop-web")).ok).toBe(true);
    const launch = (await launchesRepo.byName(db, "shop-web"))!;
    await bindConversation(db, launch, "C1", { id: "rita", surface: "slack" }, clock.now());
    expect((await shell.run('jobs --schedule "launch-day-summary=0 12,18 * * *"')).ok).toBe(true);
    expect((await shell.run("skip 1.3 booked for next week --until 2026-11-26")).ok).toBe(true);

    const delivered: Delivered[] = [];
    const notifiers = { slack: recordingNotifier("slack", delivered, clock.now), shell: recordingNotifier("shell", delivered, clock.now) };
    const scheduler = createScheduler({ db, log: services.log, clock, replica: "r1" });
    const dispatcher = createDispatcher({ db, log: services.log, replica: "r1", notifiers });
    const actions: Record<string, string> = {
      "2026-12-01T10:00:00Z": "launch start",
      "2026-12-01T11:00:00Z": "check 2.1",
      "2026-12-01T14:00:00Z": 'go --override "backups verified by hand"',
    };
    for (let t = clock.now().getTime(); t <= Date.parse("2026-12-10T10:00:00Z"); t += HOUR) {
      clock.set(new Date(t));
      const line = actions[new Date(t).toISOString().replace(".000", "")];
      if (line) expect((await shell.run(line)).ok, line).toBe(true);
      const ran = await scheduler.tick(clock.now());
      // Messages come only from commands and job runs: deliver when there were some.
      if (line || ran.length > 0) while ((await dispatcher.runOnce(clock.now())) > 0);
    }

    const posts = delivered.map((d) => `${localStamp(d.at, "Europe/London")} ${d.surface}:${d.conversation} ${d.kind} ${d.summary}`);
    expect(posts).toEqual(EXPECTED);
  }, 120_000);
});

const EXPECTED = [
  // T-8d: outside the pre-launch window (T-7d); only the announcement of the skip.
  "2026-11-23 08:00 slack:C1 post shop-web: rita: 1.3 skipped until 2026-11-26. Pen test",
  // T-7d … T-1d: the 09:00 readiness post in every bound conversation.
  "2026-11-24 09:00 shell:local post shop-web readiness (T-7d): 0/4 (0%) done · NO-GO",
  "2026-11-24 09:00 slack:C1 post shop-web readiness (T-7d): 0/4 (0%) done · NO-GO",
  "2026-11-25 09:00 shell:local post shop-web readiness (T-6d): 0/4 (0%) done · NO-GO",
  "2026-11-25 09:00 slack:C1 post shop-web readiness (T-6d): 0/4 (0%) done · NO-GO",
  "2026-11-26 09:00 shell:local post shop-web readiness (T-5d): 0/4 (0%) done · NO-GO",
  "2026-11-26 09:00 slack:C1 post shop-web readiness (T-5d): 0/4 (0%) done · NO-GO",
  // The waiver ended on the 26th: re-opened at the 00:05 slot (caught up by the 01:00 tick), owner told.
  "2026-11-27 01:00 slack:C1 post shop-web: golive: 1.3 re-opened. Pen test",
  "2026-11-27 01:00 shell:U0BOB dm The waiver on 1.3 (Pen test) of shop-web ended; the item is open again.",
  "2026-11-27 01:00 slack:U0BOB dm The waiver on 1.3 (Pen test) of shop-web ended; the item is open again.",
  "2026-11-27 09:00 shell:local post shop-web readiness (T-4d): 0/5 (0%) done · NO-GO",
  "2026-11-27 09:00 slack:C1 post shop-web readiness (T-4d): 0/5 (0%) done · NO-GO",
  "2026-11-28 09:00 shell:local post shop-web readiness (T-3d): 0/5 (0%) done · NO-GO",
  "2026-11-28 09:00 slack:C1 post shop-web readiness (T-3d): 0/5 (0%) done · NO-GO",
  "2026-11-29 09:00 shell:local post shop-web readiness (T-2d): 0/5 (0%) done · NO-GO",
  "2026-11-29 09:00 slack:C1 post shop-web readiness (T-2d): 0/5 (0%) done · NO-GO",
  // 1.1 was due T-3d: its owner gets a direct message each morning.
  "2026-11-29 09:00 shell:U0ALICE dm 1 overdue item(s) of yours on shop-web",
  "2026-11-29 09:00 slack:U0ALICE dm 1 overdue item(s) of yours on shop-web",
  "2026-11-30 09:00 shell:local post shop-web readiness (T-1d): 0/5 (0%) done · NO-GO",
  "2026-11-30 09:00 slack:C1 post shop-web readiness (T-1d): 0/5 (0%) done · NO-GO",
  "2026-11-30 09:00 shell:U0ALICE dm 1 overdue item(s) of yours on shop-web",
  "2026-11-30 09:00 slack:U0ALICE dm 1 overdue item(s) of yours on shop-web",
  // Launch day: `launch start` posts the status message; changes update it; summaries at 12:00 and 18:00.
  "2026-12-01 10:00 slack:C1 post shop-web launch day: 0/5 (0%) done · readiness NO-GO",
  "2026-12-01 11:00 slack:C1 post shop-web: rita: 2.1 checked. Deploy the release",
  "2026-12-01 11:00 slack:C1 update shop-web launch day: 1/5 (20%) done · readiness NO-GO",
  "2026-12-01 12:00 shell:local post shop-web at 12:00: 1/5 (20%) done · NO-GO",
  "2026-12-01 12:00 slack:C1 post shop-web at 12:00: 1/5 (20%) done · NO-GO",
  "2026-12-01 14:00 slack:C1 post shop-web: GO (override: backups verified by hand) (decided by rita)",
  "2026-12-01 14:00 slack:C1 update shop-web launch day: 1/5 (20%) done · readiness NO-GO · decision: GO",
  "2026-12-01 18:00 shell:local post shop-web at 18:00: 1/5 (20%) done · NO-GO",
  "2026-12-01 18:00 slack:C1 post shop-web at 18:00: 1/5 (20%) done · NO-GO",
  // Hypercare T+1 … T+7: the post-launch items still open.
  "2026-12-02 09:00 shell:local post shop-web hypercare day 1/7: 1 post-launch item(s) open",
  "2026-12-02 09:00 slack:C1 post shop-web hypercare day 1/7: 1 post-launch item(s) open",
  "2026-12-03 09:00 shell:local post shop-web hypercare day 2/7: 1 post-launch item(s) open",
  "2026-12-03 09:00 slack:C1 post shop-web hypercare day 2/7: 1 post-launch item(s) open",
  "2026-12-04 09:00 shell:local post shop-web hypercare day 3/7: 1 post-launch item(s) open",
  "2026-12-04 09:00 slack:C1 post shop-web hypercare day 3/7: 1 post-launch item(s) open",
  "2026-12-05 09:00 shell:local post shop-web hypercare day 4/7: 1 post-launch item(s) open",
  "2026-12-05 09:00 slack:C1 post shop-web hypercare day 4/7: 1 post-launch item(s) open",
  "2026-12-06 09:00 shell:local post shop-web hypercare day 5/7: 1 post-launch item(s) open",
  "2026-12-06 09:00 slack:C1 post shop-web hypercare day 5/7: 1 post-launch item(s) open",
  "2026-12-07 09:00 shell:local post shop-web hypercare day 6/7: 1 post-launch item(s) open",
  "2026-12-07 09:00 slack:C1 post shop-web hypercare day 6/7: 1 post-launch item(s) open",
  "2026-12-08 09:00 shell:local post shop-web hypercare day 7/7: 1 post-launch item(s) open",
  "2026-12-08 09:00 slack:C1 post shop-web hypercare day 7/7: 1 post-launch item(s) open",
  // Closed: one closing summary, then nothing (the walk goes on to 12-10 10:00).
  "2026-12-09 09:00 shell:local post shop-web is closed: 1 done, 0 waived, 4 left open",
  "2026-12-09 09:00 slack:C1 post shop-web is closed: 1 done, 0 waived, 4 left open",
];
