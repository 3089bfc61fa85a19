// kill -9 and restart: a replica recognises its own earlier process's runs and sends at start,
// instead of waiting out their leases (5 min for a run, 2 min for a send).
import { spawn } from "node:child_process";
import { hostname } from "node:os";
import { describe, expect, it, vi } from "vitest";
import { createShellNotifier } from "../../src/adapters/shell/notifier.js";
import { isPreviousLife } from "../../src/jobs/previous-lives.js";
import { startJobs } from "../../src/jobs/start.js";
import { engines, useDatabase } from "../helpers/db.js";
import { shellAs, testServices } from "../helpers/harness.js";

/** A real process, killed with SIGKILL: its pid is a dead golive's. */
async function killedProcess(): Promise<number> {
  const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
  await new Promise((resolve) => child.once("spawn", resolve));
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await exited;
  return child.pid!;
}

describe("recognising this host's dead processes", () => {
  it("is a dead pid or our own pid on this host, never another host or a live process", async () => {
    const dead = await killedProcess();
    expect(isPreviousLife(`${hostname()}-${dead}`)).toBe(true);
    expect(isPreviousLife(`${hostname()}-${process.pid}`)).toBe(true);
    expect(isPreviousLife(`${hostname()}-${process.ppid}`)).toBe(false);
    expect(isPreviousLife(`other-host-${dead}`)).toBe(false);
    expect(isPreviousLife("test")).toBe(false);
  });
});

describe.each(engines)("restart after kill -9 on %s", (engine) => {
  const getDb = useDatabase(engine);

  it("fails the dead process's run and re-sends its message at start, not after the lease; a live replica's work is left alone", { timeout: 60_000 }, async () => {
    const db = getDb();
    const { services, clock } = testServices(db, "2026-11-30T10:15:00Z");
    await shellAs(services, "rita").run("launch create shop --checklist django-lms --date 2026-12-01");
    const dead = `${hostname()}-${await killedProcess()}`;
    const live = `${hostname()}-${process.ppid}`;
    const now = clock.now();
    const lease = new Date(now.getTime() + 5 * 60_000);
    for (const [replica, slot] of [[dead, "2026-11-30T10:00:00Z"], [live, "2026-11-30T10:01:00Z"]] as const) {
      await db.query(
        `insert into job_runs (job, launch_id, slot, trigger, replica, started_at, heartbeat_at, lease_until) values ('audit', 1, $1, 'schedule', $2, $3, $3, $4)`,
        [slot, replica, now, lease],
      );
    }
    for (const [replica, conversation] of [[dead, "local"], [live, "other"]] as const) {
      await db.query(
        `insert into outbox (launch_id, surface, conversation, kind, payload, status, attempts, next_attempt_at, lease_until, claimed_by, created_at)
         values (1, 'shell', $1, 'post', $2, 'sending', 1, $3, $4, $5, $3)`,
        [conversation, JSON.stringify({ ok: true, text: `posted by ${replica}`, blocks: [{ kind: "text", text: `posted by ${replica}` }] }), now, lease, replica],
      );
    }
    const printed: string[] = [];
    const jobs = await startJobs({ services, notifiers: { shell: createShellNotifier((text) => printed.push(text)) }, replica: "restarted", jobs: [] });
    try {
      await vi.waitFor(() => expect(printed.filter((p) => p.includes(`posted by ${dead}`))).toHaveLength(1));
    } finally {
      await jobs.stop();
    }
    const runs = await db.query<{ replica: string; outcome: string; error: string | null }>("select replica, outcome, error from job_runs order by slot");
    expect(runs).toEqual([
      { replica: dead, outcome: "failed", error: expect.stringMatching(new RegExp(`^replica ${dead} stopped while running`)) },
      { replica: live, outcome: "running", error: null },
    ]);
    const sends = await db.query<{ claimed_by: string; status: string }>("select claimed_by, status from outbox order by id");
    expect(sends.map((s) => s.status)).toEqual(["delivered", "sending"]);
    // The clock never moved: nothing waited for a lease.
    expect(clock.now()).toEqual(now);
    expect(printed.filter((p) => p.includes(`posted by ${live}`))).toEqual([]);
  });
});
