import { beforeEach, describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock.js";
import { escalationJob } from "../../src/jobs/escalation-job.js";
import { createScheduler, type Scheduler } from "../../src/jobs/scheduler.js";
import { createLogger } from "../../src/log.js";
import type { Database, Queryable } from "../../src/storage/database.js";
import { usePostgresReplicas } from "../helpers/replicas.js";
import { ALICE, BOB, CAROL, CHANNEL, dms, outboxRows, RITA, slackLaunch, slackUser } from "../commands/incidents-helpers.js";

const LADDER = '"notify oncall:primary; wait 5m; notify oncall:secondary; wait 10m; notify role:release-manager; wait 10m; notify channel"';
const START = Date.parse("2026-11-23T09:00:00Z");
const at = (minute: number) => new Date(START + minute * 60_000);

/**
 * A replica that dies in the middle of its first escalation step: the step row is claimed and
 * the page written, then the process is gone before the commit (its transaction never commits).
 */
function dyingMidStep(db: Database): Database {
  let killed = false;
  const wrap = (tx: Queryable): Queryable => ({
    ...tx,
    async query(sql, params) {
      const rows = await tx.query(sql, params);
      if (!killed && sql.trimStart().startsWith("insert into outbox")) {
        killed = true;
        throw new Error("replica r0 was killed");
      }
      return rows as never;
    },
  });
  return { ...db, transaction: (fn) => db.transaction((tx) => fn(wrap(tx))) };
}

describe.skipIf(!process.env.TEST_DATABASE_URL)("escalation with three replicas on one PostgreSQL", () => {
  const pools = usePostgresReplicas(3, "golive_escalation");
  const clock = fixedClock(at(0));
  const log = createLogger({ level: "silent" });
  const services = () => ({ db: pools[0]!, clock, log });
  const replicas = (dbs: Database[] = pools): Scheduler[] => dbs.map((db, i) => createScheduler({ db, log, clock, replica: `r${i}`, jobs: [escalationJob] }));

  beforeEach(async () => {
    await pools[0]!.exec("truncate launches, checklists, job_runs, outbox restart identity cascade");
    clock.set(at(0));
    await slackLaunch(pools[0]!, clock.now());
    const rita = slackUser(services(), RITA);
    await rita(`oncall set primary <@${ALICE}> --every 1w`);
    await rita(`oncall set secondary <@${BOB}> --every 1w`);
    expect((await rita(`escalation set ladder ${LADDER} --phase pre-launch`)).ok).toBe(true);
    expect((await slackUser(services(), CAROL)("incident declare checkout returns 500 --sev 1")).ok).toBe(true);
  });

  async function minutes(schedulers: Scheduler[], from: number, to: number, onMinute?: (minute: number) => Promise<void>) {
    for (let m = from; m <= to; m++) {
      clock.set(at(m));
      await onMinute?.(m);
      await Promise.all(schedulers.map((s) => s.tick(at(m))));
    }
  }

  const channelPosts = async () => (await outboxRows(pools[0]!)).filter((r) => r.kind === "post").map((r) => `${r.conversation} ${r.created_at.toISOString().slice(11, 19)}`);
  const runs = () => pools[0]!.query<{ slot: Date; outcome: string; replica: string }>("select slot, outcome, replica from job_runs where job = 'escalation' order by slot, id");

  it("runs a 4-step ladder once per step, at the right minute", async () => {
    await minutes(replicas(), 0, 40);
    expect(await dms(pools[0]!)).toEqual([`${ALICE} 09:00:00`, `${BOB} 09:05:00`, `${RITA} 09:15:00`]);
    expect(await channelPosts()).toEqual([`${CHANNEL} 09:25:00`]);
    expect((await runs()).map((r) => `${r.slot.toISOString().slice(11, 16)} ${r.outcome}`)).toEqual(["09:05 ok", "09:15 ok", "09:25 ok"]);
  }, 60_000);

  it("stops when step 2's person acknowledges", async () => {
    await minutes(replicas(), 0, 40, async (m) => {
      if (m === 7) expect((await slackUser(services(), BOB)("incident ack 1")).ok).toBe(true);
    });
    // Nobody is paged after the acknowledgement; Bob gets one reminder 30 minutes after it.
    expect(await dms(pools[0]!)).toEqual([`${ALICE} 09:00:00`, `${BOB} 09:05:00`, `${BOB} 09:37:00`]);
    expect(await channelPosts()).toEqual([]);
    expect((await runs()).map((r) => r.slot.toISOString().slice(11, 16))).toEqual(["09:05", "09:37"]);
  }, 60_000);

  it("continues at the right step after a restart between steps", async () => {
    await minutes(replicas(), 0, 8);
    // Every replica stops at 09:08 and new ones start at 09:12 (a deploy).
    await minutes(replicas(), 12, 30);
    expect(await dms(pools[0]!)).toEqual([`${ALICE} 09:00:00`, `${BOB} 09:05:00`, `${RITA} 09:15:00`]);
    expect(await channelPosts()).toEqual([`${CHANNEL} 09:25:00`]);
  }, 60_000);

  it("loses nothing when a replica is killed in the middle of a step", async () => {
    const [dying, ...others] = [dyingMidStep(pools[0]!), pools[1]!, pools[2]!];
    await minutes(replicas(), 0, 4);
    // At 09:05 only r0 is up; the database connection dies before its step commits.
    await minutes(replicas([dying]), 5, 5);
    expect(await dms(pools[0]!)).toEqual([`${ALICE} 09:00:00`]);
    await minutes(replicas(others), 6, 20);
    expect(await dms(pools[0]!)).toEqual([`${ALICE} 09:00:00`, `${BOB} 09:06:00`, `${RITA} 09:16:00`]);
    expect((await runs()).map((r) => `${r.slot.toISOString().slice(11, 16)} ${r.outcome}`)).toEqual(["09:05 failed", "09:06 ok", "09:16 ok"]);
  }, 60_000);
});
