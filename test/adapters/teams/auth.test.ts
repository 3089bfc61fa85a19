import { afterEach, describe, expect, it } from "vitest";
import { commands } from "../../../commands/index.js";
import { teamsAuthMode } from "../../../src/adapters/teams/auth.js";
import { createTeamsSurface, isTeamsConfigured } from "../../../src/adapters/teams/surface.js";
import { GoliveError } from "../../../src/errors.js";
import { createLogger } from "../../../src/log.js";
import { engines, snapshot, useDatabase } from "../../helpers/db.js";
import { testServices } from "../../helpers/harness.js";
import { cardInvoke, channelMessage, connector, personalMessage, startTeams, type TeamsTestApp, teamsConfig } from "./teams-harness.js";

const APP_ID = "9a3c2e1f-0000-4000-8000-00000000b07a";
const credentials = { MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: "not-a-real-secret", GOLIVE_TEAMS_ALLOW_UNAUTHENTICATED: "false" };

describe.each(engines)("Teams endpoint authentication on %s", (engine) => {
  const db = useDatabase(engine);
  let app: TeamsTestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it("with credentials, answers 401 to unsigned or badly signed requests and changes nothing", async () => {
    app = await startTeams(db(), teamsConfig(credentials));
    expect(app.surface.mode).toBe("authenticated");
    const bot = connector();
    const before = await snapshot(db());
    for (const activity of [personalMessage("launch create shop --checklist django-lms --date 2026-12-01"), channelMessage("status"), cardInvoke({ command: "check 1.1 --launch shop" })]) {
      expect((await app.post(activity)).status).toBe(401);
      expect((await app.post(activity, { authorization: "Bearer not.a.jwt" })).status).toBe(401);
    }
    expect(await snapshot(db())).toEqual(before);
    expect(bot.calls).toEqual([]);
  });

  it("refuses the unauthenticated mode when NODE_ENV=production", () => {
    const config = teamsConfig({ NODE_ENV: "production" });
    const { services } = testServices(db());
    expect(() => createTeamsSurface({ config, services, commands })).toThrow(GoliveError);
    expect(() => isTeamsConfigured(config)).toThrow(/refused when NODE_ENV=production/);
  });

  it("warns loudly when it runs without authentication", () => {
    const lines: string[] = [];
    const { services } = testServices(db());
    const log = createLogger({ level: "warn", destination: { write: (line: string) => void lines.push(line) } });
    const surface = createTeamsSurface({ config: teamsConfig(), services: { ...services, log }, commands });
    expect(surface.mode).toBe("unauthenticated");
    expect(lines.join("")).toMatch(/WITHOUT AUTHENTICATION/);
  });
});

describe("Teams configuration", () => {
  const base = teamsConfig({ GOLIVE_TEAMS_ALLOW_UNAUTHENTICATED: "false" });

  it("is off without credentials or the local-testing flag", () => {
    expect(isTeamsConfigured(base)).toBe(false);
  });

  it("uses the credentials when they are set, and ignores the local-testing flag then", () => {
    expect(teamsAuthMode({ ...base, ...teamsConfig(credentials), GOLIVE_TEAMS_ALLOW_UNAUTHENTICATED: true })).toEqual({
      kind: "authenticated",
      appId: APP_ID,
      appType: "MultiTenant",
    });
  });

  it("says which setting is missing", () => {
    expect(() => teamsAuthMode({ ...base, MICROSOFT_APP_ID: APP_ID })).toThrow(/MICROSOFT_APP_PASSWORD is not/);
    expect(() => teamsAuthMode({ ...base, MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: "x", MICROSOFT_APP_TYPE: "SingleTenant" })).toThrow(
      /MICROSOFT_APP_TENANT_ID is not set/,
    );
    expect(() => teamsAuthMode({ ...base, MICROSOFT_APP_PASSWORD: "x" })).toThrow(/MICROSOFT_APP_ID is not/);
    expect(teamsAuthMode({ ...base, MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_TENANT_ID: "t", MICROSOFT_APP_TYPE: "UserAssignedMSI" })).toMatchObject({
      kind: "authenticated",
      appType: "UserAssignedMSI",
    });
  });
});
