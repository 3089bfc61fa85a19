import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.js";

const none = join(tmpdir(), "no-such-golive.yaml");

describe("config", () => {
  it("has working defaults", () => {
    const c = loadConfig({}, none);
    expect(c).toMatchObject({ GOLIVE_DATA_DIR: ".golive", PORT: 3000, LOG_LEVEL: "info", GOLIVE_TEAMS_ALLOW_UNAUTHENTICATED: false });
    expect(c.DATABASE_URL).toBeUndefined();
  });
  it("names the variable and what is expected", () => {
    expect(() => loadConfig({ LOG_LEVEL: "loud" }, none)).toThrow(/LOG_LEVEL/);
    expect(() => loadConfig({ DATABASE_URL: "mysql://x" }, none)).toThrow(/DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL\.$/);
    expect(() => loadConfig({ SLACK_BOT_TOKEN: "xoxp-secret-user-token" }, none)).toThrow(/SLACK_BOT_TOKEN must be a bot token starting with xoxb-\.$/);
  });
  it("never echoes a secret value", () => {
    try {
      loadConfig({ SLACK_SIGNING_SECRET: "not-hex-but-secret" }, none);
      expect.unreachable();
    } catch (error) {
      expect((error as Error).message).not.toContain("not-hex-but-secret");
    }
  });
  it("reads golive.config.yaml, and the environment wins", () => {
    const dir = mkdtempSync(join(tmpdir(), "golive-config-"));
    const file = join(dir, "golive.config.yaml");
    writeFileSync(file, "PORT: 4000\nLOG_LEVEL: debug\n");
    expect(loadConfig({ LOG_LEVEL: "warn" }, file)).toMatchObject({ PORT: 4000, LOG_LEVEL: "warn" });
    writeFileSync(file, "PROT: 4000\n");
    expect(() => loadConfig({}, file)).toThrow(/unknown setting PROT/);
    writeFileSync(file, "PORT: [\n");
    expect(() => loadConfig({}, file)).toThrow(/not valid YAML/);
  });
});
