import { describe, expect, it } from "vitest";
import { dmSurfaces } from "../../../src/domain/announcements/launch-state.js";
import { bindConversation } from "../../../src/domain/launches/launches.js";
import { launchesRepo } from "../../../src/storage/launches-repo.js";
import { engines, useDatabase } from "../../helpers/db.js";
import { shellAs, testServices } from "../../helpers/harness.js";

describe.each(engines)("direct messages to owners on %s", (engine) => {
  const db = useDatabase(engine);

  it("go only to owners that are user ids on a surface the launch is bound on", async () => {
    const { services, clock } = testServices(db());
    await shellAs(services).run("launch create shop --checklist django-lms --date 2026-12-01");
    const launch = (await launchesRepo.byName(db(), "shop"))!;
    expect(await dmSurfaces(db(), launch.id, "U024BE7LH")).toEqual([]);
    await bindConversation(db(), launch, "C1", { id: "rita", surface: "slack" }, clock.now());
    await bindConversation(db(), launch, "19:abc@thread.tacv2", { id: "rita", surface: "teams" }, clock.now());
    expect(await dmSurfaces(db(), launch.id, "U024BE7LH")).toEqual(["slack"]);
    expect(await dmSurfaces(db(), launch.id, "6d1c2f0e-9f5b-4a39-8c5e-2d3f4a5b6c7d")).toEqual(["teams"]);
    // `@ops` from a checklist annotation is a name, not an account: no undeliverable DM.
    expect(await dmSurfaces(db(), launch.id, "ops")).toEqual([]);
  });
});
