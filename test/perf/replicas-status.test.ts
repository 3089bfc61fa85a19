// Status keeps launch rows and audit results per server between requests. Two servers on one
// PostgreSQL: whatever one changes shows in the very next status through the other.
import { afterAll, describe, expect, it } from "vitest";
import { auditRepo } from "../../src/storage/audit-repo.js";
import { blockText, CHANNEL, RITA, startSlack } from "../adapters/slack/slack-harness.js";
import { createBigLaunch } from "../helpers/big-launch.js";
import { testServices } from "../helpers/harness.js";
import { usePostgresReplicas } from "../helpers/replicas.js";

describe.skipIf(!process.env.TEST_DATABASE_URL)("status on two servers over one PostgreSQL", () => {
  const pools = usePostgresReplicas(2, "golive_status_replicas");
  const servers: Awaited<ReturnType<typeof startSlack>>[] = [];
  afterAll(async () => {
    for (const s of servers) await s.close();
  });

  it("shows a change made through the other server in the next status", async () => {
    await createBigLaunch(testServices(pools[0]!).services, { name: "shop", items: 300, done: 100, user: RITA });
    servers.push(await startSlack(pools[0]!), await startSlack(pools[1]!));
    const [a, b] = servers as [(typeof servers)[0], (typeof servers)[0]];
    const golive = async (server: typeof a, text: string) => {
      const answer = await server.slash(text, RITA, CHANNEL);
      const body = answer.json() as { text: string; blocks: unknown[] };
      return `${body.text}\n${blockText(body.blocks)}`;
    };
    expect(await golive(a, "launch use shop")).toMatch(/Using launch shop/);
    // Both servers have read (and kept) the launch.
    expect(await golive(a, "status")).toContain("100/300");
    expect(await golive(b, "status")).toContain("100/300");

    expect(await golive(a, "check 11.1")).toMatch(/11\.1/);
    expect(await golive(b, "status")).toContain("101/300");
    expect(await golive(b, "block 11.2 waiting for the vendor")).toMatch(/11\.2/);
    const onA = await golive(a, "status");
    expect(onA).toContain("Blocked:");
    expect(onA).toContain("11.2");

    // An audit recorded by one replica (its job, say) shows in the other's next status.
    expect(await golive(b, "status")).not.toMatch(/Last audit/);
    const at = new Date("2026-11-22T08:30:00Z");
    const run = await auditRepo.insert(pools[0]!, {
      launchId: (await pools[0]!.query<{ id: number }>("select id from launches where name = 'shop'"))[0]!.id,
      trigger: "manual", actor: RITA, surface: "slack", startedAt: at, finishedAt: at, score: 87, grade: "B", unreachable: null,
      requests: 3, target: { url: "https://shop.example" }, results: [],
    });
    expect(await golive(b, "status")).toContain(`Last audit: run ${run.id}, 2026-11-22 08:30Z, score 87/100 (B)`);
  });
});
