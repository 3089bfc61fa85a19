// manifest.json against Slack's published manifest JSON Schema (draft-07),
// kept in ../shared/schemas/slack-manifest.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv, type ValidateFunction } from "ajv";
import { beforeAll, describe, expect, it } from "vitest";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));
const schemaDir = path.resolve(repoRoot, "..", "shared", "schemas", "slack-manifest");
const SCHEMA_URL_BASE = "https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/";

type Json = Record<string, unknown>;

const readJson = (file: string): Json => JSON.parse(readFileSync(file, "utf8")) as Json;

function manifestValidator(): ValidateFunction {
  // Not strict: the schema carries annotations ajv does not know (`_note`, …).
  const ajv = new Ajv({ allErrors: true, strict: false });
  // Slack's schema spells a pattern as the non-standard `regex` keyword
  // (display_information.background_color); enforce it rather than ignore it.
  ajv.addKeyword({
    keyword: "regex",
    type: "string",
    schemaType: "string",
    validate: (pattern: string, data: string) => new RegExp(pattern).test(data),
  });
  // ajv-formats is not a dependency; `uri` is the only format the schema uses.
  ajv.addFormat("uri", (value: string) => URL.canParse(value));
  for (const file of ["manifest.schema.1.0.0.json", "manifest.schema.2.0.0.json"]) {
    ajv.addSchema(readJson(path.join(schemaDir, file)), `${SCHEMA_URL_BASE}${file}`);
  }
  return ajv.compile(readJson(path.join(schemaDir, "manifest.schema.json")));
}

const manifest = (): Json => readJson(path.join(repoRoot, "manifest.json"));

describe("manifest.json", () => {
  let validate: ValidateFunction;
  beforeAll(() => {
    validate = manifestValidator();
  });

  const problems = (candidate: unknown) =>
    validate(candidate) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);

  it("is a valid Slack app manifest", () => {
    expect(problems(manifest())).toEqual([]);
  });

  it("offers /golive with a usage hint, escaped so @mentions arrive as user ids", () => {
    const features = manifest().features as Json;
    const commands = features.slash_commands as Json[];
    expect(commands).toHaveLength(1);
    expect(commands[0]).toMatchObject({ command: "/golive", should_escape: true });
    expect(commands[0]!.usage_hint).toContain("status");
  });

  it("runs in socket mode with interactivity and the home tab", () => {
    const m = manifest();
    const settings = m.settings as Json;
    expect(settings.socket_mode_enabled).toBe(true);
    expect(settings.interactivity).toMatchObject({ is_enabled: true });
    expect((settings.event_subscriptions as Json).bot_events).toEqual(["app_home_opened"]);
    expect((m.features as Json).app_home).toMatchObject({ home_tab_enabled: true });
  });

  it("asks for the minimal bot scopes and no user scopes", () => {
    const scopes = (manifest().oauth_config as Json).scopes as Json;
    expect(scopes).toEqual({ bot: ["commands", "chat:write", "im:write", "users:read", "files:write", "channels:history", "groups:history", "im:history", "mpim:history"] });
  });

  describe("the validator rejects a broken manifest", () => {
    const broken: [string, (m: Json) => void, string][] = [
      [
        "a slash command without description",
        (m) => {
          const commands = (m.features as Json).slash_commands as Json[];
          delete commands[0]!.description;
        },
        "must have required property 'description'",
      ],
      [
        "an unknown scope type",
        (m) => {
          ((m.oauth_config as Json).scopes as Json).robot = ["chat:write"];
        },
        "must NOT have additional properties",
      ],
      [
        "a slash command without the leading slash",
        (m) => {
          ((m.features as Json).slash_commands as Json[])[0]!.command = "golive";
        },
        'must match pattern "^\\/"',
      ],
      [
        "a background colour that is not hex",
        (m) => {
          (m.display_information as Json).background_color = "green";
        },
        'must pass "regex" keyword validation',
      ],
      [
        "a missing display name",
        (m) => {
          delete (m.display_information as Json).name;
        },
        "must have required property 'name'",
      ],
      [
        "interactivity without is_enabled",
        (m) => {
          delete ((m.settings as Json).interactivity as Json).is_enabled;
        },
        "must have required property 'is_enabled'",
      ],
    ];

    it.each(broken)("with %s", (_name, breakIt, expected) => {
      const m = manifest();
      breakIt(m);
      expect(problems(m)).toContainEqual(expect.stringContaining(expected));
    });
  });
});
