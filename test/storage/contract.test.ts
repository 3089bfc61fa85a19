import { describe, expect, it } from "vitest";
import { eventsRepo } from "../../src/storage/events-repo.js";
import { itemsRepo } from "../../src/storage/items-repo.js";
import { launchesRepo } from "../../src/storage/launches-repo.js";
import { migrate } from "../../src/storage/migrate.js";
import { rolesRepo } from "../../src/storage/roles-repo.js";
import { conversationsRepo } from "../../src/storage/conversations-repo.js";
import type { Item } from "../../src/domain/launches/types.js";
import { engines, useDatabase } from "../helpers/db.js";

const at = new Date("2026-11-22T10:00:00Z");
const item = (key: string, ref: string, position: number): Item => ({
  key, ref, sectionRef: "1", parentKey: null, position, text: `item ${ref}`, critical: false, phase: null, audit: ["hsts"], evidence: ["health"],
  state: "open", doneKind: null, reason: null, waiverUntil: null, owner: null, due: "2026-11-30", archivedAt: null, updatedAt: at,
});

describe.each(engines)("storage contract on %s", (engine) => {
  const db = useDatabase(engine);

  const newLaunch = () =>
    launchesRepo.insert(db(), {
      name: "shop", checklistId: "django-osce", checklistTitle: "T", launchDate: "2026-12-01", timezone: "Europe/London",
      url: null, settings: { a: 1 }, createdBy: "rita", createdAt: at,
    });

  it("applies migrations once, idempotently", async () => {
    expect(await migrate(db())).toEqual([]);
    const rows = await db().query<{ n: number }>("select count(*) as n from schema_migrations");
    expect(rows[0]!.n).toBeGreaterThanOrEqual(1);
    expect(typeof rows[0]!.n).toBe("number");
  });

  it("stores launches with ids as numbers and dates as YYYY-MM-DD strings", async () => {
    const launch = await newLaunch();
    expect(typeof launch.id).toBe("number");
    expect(launch.launchDate).toBe("2026-12-01");
    expect(launch.settings).toEqual({ a: 1 });
    expect(launch.createdAt).toBeInstanceOf(Date);
    expect((await launchesRepo.byName(db(), "shop"))?.id).toBe(launch.id);
    expect(await launchesRepo.byName(db(), "nope")).toBeNull();
    await launchesRepo.update(db(), launch.id, { archivedAt: at });
    expect(await launchesRepo.list(db())).toEqual([]);
    expect(await launchesRepo.list(db(), { includeArchived: true })).toHaveLength(1);
  });

  it("refuses a second launch with the same name", async () => {
    await newLaunch();
    await expect(newLaunch()).rejects.toThrow();
  });

  it("keeps items in order and changes state only through setState", async () => {
    const launch = await newLaunch();
    await itemsRepo.insertMany(db(), launch.id, [item("b", "1.2", 1), item("a", "1.1", 0)]);
    const items = await itemsRepo.list(db(), launch.id);
    expect(items.map((i) => i.ref)).toEqual(["1.1", "1.2"]);
    expect(items[0]!.audit).toEqual(["hsts"]);
    expect(items[0]!.evidence).toEqual(["health"]);
    expect(items[0]!.due).toBe("2026-11-30");
    await itemsRepo.setState(db(), launch.id, "a", { state: "done", doneKind: "attested", reason: null, waiverUntil: null, owner: "bob", due: null }, at);
    const locked = await db().transaction((tx) => itemsRepo.lock(tx, launch.id, "a"));
    expect(locked).toMatchObject({ state: "done", doneKind: "attested", owner: "bob", due: null });
    await itemsRepo.archive(db(), launch.id, "b", at);
    expect((await itemsRepo.list(db(), launch.id)).map((i) => i.key)).toEqual(["a"]);
  });

  it("rolls a transaction back when it throws", async () => {
    const launch = await newLaunch();
    await expect(
      db().transaction(async (tx) => {
        await itemsRepo.insertMany(tx, launch.id, [item("a", "1.1", 0)]);
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await itemsRepo.list(db(), launch.id)).toEqual([]);
  });

  it("pages events newest first with a numeric total", async () => {
    const launch = await newLaunch();
    for (let i = 0; i < 5; i++) {
      await eventsRepo.append(db(), { launchId: launch.id, itemKey: i % 2 ? "a" : null, kind: `k${i}`, actor: "rita", surface: "shell", at, before: null, after: { i }, note: null });
    }
    const page = await eventsRepo.list(db(), launch.id, { limit: 2, offset: 1 });
    expect(page.total).toBe(5);
    expect(page.events.map((e) => e.kind)).toEqual(["k3", "k2"]);
    expect((await eventsRepo.list(db(), launch.id, { itemKey: "a", limit: 10 })).events.map((e) => e.kind)).toEqual(["k3", "k1"]);
    expect((await eventsRepo.list(db(), launch.id, { kindPrefix: "k4", limit: 10 })).total).toBe(1);
  });

  it("upserts roles and conversation bindings", async () => {
    const launch = await newLaunch();
    await rolesRepo.set(db(), launch.id, { principal: "bob", role: "viewer", grantedBy: "rita", grantedAt: at });
    await rolesRepo.set(db(), launch.id, { principal: "bob", role: "member", grantedBy: "rita", grantedAt: at });
    expect(await rolesRepo.get(db(), launch.id, "bob")).toBe("member");
    expect(await rolesRepo.get(db(), launch.id, "eve")).toBeNull();
    await conversationsRepo.bind(db(), "slack", "C1", launch.id, "rita", at);
    expect(await conversationsRepo.launchId(db(), "slack", "C1")).toBe(launch.id);
    expect(await conversationsRepo.launchId(db(), "teams", "C1")).toBeNull();
  });
});
