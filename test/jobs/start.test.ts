import { describe, expect, it, vi } from "vitest";
import { createShellNotifier } from "../../src/adapters/shell/notifier.js";
import { startJobs } from "../../src/jobs/start.js";
import { engines, useDatabase } from "../helpers/db.js";
import { shellAs, testServices } from "../helpers/harness.js";
import { importTestChecklist } from "./fixtures.js";

describe.each(engines)("startJobs on %s", (engine) => {
  const getDb = useDatabase(engine);

  it("catches up the morning post on start and prints it in the local shell", async () => {
    const db = getDb();
    const { services, clock } = testServices(db, "2026-11-30T10:15:00Z");
    const shell = shellAs(services, "rita");
    await importTestChecklist(db, clock.now());
    await shell.run("launch create shop-web --checklist shop --date 2026-12-01 --tz UTC");
    await shell.run("launch use shop-web");
    await shell.run("assign 1.2 @U0BOB");

    const printed: string[] = [];
    const jobs = await startJobs({ services, notifiers: { shell: createShellNotifier((text) => printed.push(text)) }, replica: "test" });
    try {
      await vi.waitFor(() => expect(printed).toHaveLength(2));
    } finally {
      await jobs.stop();
    }
    expect(printed[0]).toMatch(/^── golive in local ──\nshop-web · readiness T-1d \(launch 2026-12-01\)\n/);
    expect(printed[0]).toContain("Open items by owner: @U0ALICE 2 · @U0BOB 2 · unassigned 1");
    // Only U0ALICE has an overdue item (1.1, due T-3d); U0BOB's 1.2 is due today.
    expect(printed[1]).toBe("── golive → @U0ALICE (direct message) ──\nU0ALICE, 1 item(s) you own on shop-web are overdue:\n[ ] 1.1     Backups configured  [CRITICAL, @U0ALICE, due 2026-11-28 OVERDUE]\n");
    const outbox = await shell.run("outbox");
    expect(outbox.text).toBe("Outbox of shop-web: 0 to deliver, 0 dead, 2 delivered");
  }, 90_000);
});
