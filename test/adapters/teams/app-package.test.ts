import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { inflateSync } from "node:zlib";
import AjvDraft04 from "ajv-draft-04";
import { unzipSync, strFromU8 } from "fflate";
import { afterAll, describe, expect, it } from "vitest";
import { publicHostName, writeTeamsPackage } from "../../../scripts/teams-package.js";
import {
  buildTeamsAppPackage,
  buildTeamsManifest,
  MAX_COMMAND_DESCRIPTION,
  MAX_COMMAND_TITLE,
  TeamsPackageConfigError,
} from "../../../src/adapters/teams/app-package.js";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const schemaPath = path.resolve(repoRoot, "..", "shared", "schemas", "teams-manifest", "MicrosoftTeams.v1.19.schema.json");
const iconsDir = path.join(repoRoot, "src", "adapters", "teams", "icons");
const BOT_ID = "8f1c2d3e-1234-4abc-9def-0123456789ab";

const commands = [
  { name: "status", summary: "Readiness per section, critical, blocked and overdue items, and the go/no-go verdict" },
  { name: "list", summary: "List items, optionally of one section and filtered" },
  { name: "check", summary: "Tick an item as done" },
];

function validator() {
  // ajv-formats is not installed: `uri` (used by $schema) is the only format the schema needs.
  // ajv-draft-04 is CommonJS: under nodenext its class is the `default` of the module object.
  const ajv = new AjvDraft04.default({ strict: false, allErrors: true });
  ajv.addFormat("uri", (value: string) => URL.canParse(value));
  return ajv.compile(JSON.parse(readFileSync(schemaPath, "utf8")));
}

const validate = validator();

function schemaErrors(manifest: unknown): string[] {
  return validate(manifest) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}

interface Png {
  width: number;
  height: number;
  colorType: number;
  pixels: Uint8Array[];
}

function decodePng(bytes: Buffer): Png {
  expect([...bytes.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  let offset = 8;
  let header: Buffer | undefined;
  const data: Buffer[] = [];
  while (offset < bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString("ascii", offset + 4, offset + 8);
    const body = bytes.subarray(offset + 8, offset + 8 + length);
    if (type === "IHDR") header = body;
    if (type === "IDAT") data.push(body);
    offset += 12 + length;
  }
  if (!header) throw new Error("no IHDR chunk");
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  const colorType = header[9]!;
  expect(header[8]).toBe(8); // bit depth
  expect(header[12]).toBe(0); // not interlaced
  const channels = ({ 2: 3, 6: 4 } as Record<number, number>)[colorType];
  if (!channels) throw new Error(`unexpected PNG colour type ${colorType}`);
  const raw = inflateSync(Buffer.concat(data));
  const stride = width * channels;
  const rows: Uint8Array[] = [];
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const previous = rows[y - 1] ?? new Uint8Array(stride);
    const row = new Uint8Array(stride);
    for (let x = 0; x < stride; x++) {
      const left = x >= channels ? row[x - channels]! : 0;
      const up = previous[x]!;
      const upLeft = x >= channels ? previous[x - channels]! : 0;
      const paeth = () => {
        const estimate = left + up - upLeft;
        const [a, b, c] = [Math.abs(estimate - left), Math.abs(estimate - up), Math.abs(estimate - upLeft)];
        return a <= b && a <= c ? left : b <= c ? up : upLeft;
      };
      const predictor = [0, left, up, (left + up) >> 1, paeth()][filter];
      if (predictor === undefined) throw new Error(`unknown PNG filter ${filter}`);
      row[x] = (line[x]! + predictor) & 0xff;
    }
    rows.push(row);
  }
  return { width, height, colorType, pixels: rows };
}

describe("buildTeamsManifest", () => {
  it("is valid against Microsoft's Teams manifest schema 1.19", () => {
    const manifest = buildTeamsManifest({ botId: BOT_ID, commands, validDomains: ["golive.example.com"] });
    expect(schemaErrors(manifest)).toEqual([]);
    expect(manifest).toMatchObject({
      $schema: "https://developer.microsoft.com/en-us/json-schemas/teams/v1.19/MicrosoftTeams.schema.json",
      manifestVersion: "1.19",
      id: BOT_ID,
      name: { short: "golive" },
      icons: { color: "color.png", outline: "outline.png" },
      permissions: ["identity", "messageTeamMembers"],
      validDomains: ["golive.example.com"],
      developer: { websiteUrl: "https://golive.example.com/", privacyUrl: "https://golive.example.com/privacy" },
    });
    expect(manifest.bots).toEqual([
      expect.objectContaining({
        botId: BOT_ID,
        scopes: ["personal", "team", "groupChat"],
        supportsFiles: false,
        isNotificationOnly: false,
      }),
    ]);
    expect(manifest.description.short.length).toBeLessThanOrEqual(80);
    expect(manifest.description.full.length).toBeLessThanOrEqual(4000);
  });

  it("takes the version from package.json unless given", () => {
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string };
    expect(buildTeamsManifest({ botId: BOT_ID, commands }).version).toBe(pkg.version);
    expect(buildTeamsManifest({ botId: BOT_ID, commands, version: "2.3.4" }).version).toBe("2.3.4");
    expect(buildTeamsManifest({ botId: BOT_ID, commands }).validDomains).toEqual([]);
  });

  it("lets the schema reject broken manifests", () => {
    const good = buildTeamsManifest({ botId: BOT_ID, commands });
    const broken: [string, (manifest: Record<string, unknown>) => void][] = [
      ["old manifest version", (m) => Object.assign(m, { manifestVersion: "1.18" })],
      ["id not a GUID", (m) => Object.assign(m, { id: "golive" })],
      ["unknown property", (m) => Object.assign(m, { colour: "green" })],
      ["missing developer name", (m) => Reflect.deleteProperty(m.developer as object, "name")],
      ["accent colour not hex", (m) => Object.assign(m, { accentColor: "green" })],
      ["short name too long", (m) => Object.assign(m, { name: { short: "g".repeat(31), full: "golive" } })],
    ];
    for (const [label, breakIt] of broken) {
      const manifest = structuredClone(good) as unknown as Record<string, unknown>;
      breakIt(manifest);
      expect(schemaErrors(manifest), label).not.toEqual([]);
    }
  });

  it("keeps at most 10 commands per list, in the given order, cut to Teams' lengths", () => {
    const many = Array.from({ length: 14 }, (_, index) => ({
      name: index === 0 ? `launch-create-with-a-very-long-command-name` : `command-${index}`,
      summary: index === 1 ? "d".repeat(300) : `Summary ${index}`,
    }));
    const manifest = buildTeamsManifest({ botId: BOT_ID, commands: many });
    expect(schemaErrors(manifest)).toEqual([]);
    const lists = manifest.bots[0]!.commandLists;
    expect(lists.map((list) => list.scopes)).toEqual([["personal"], ["team"], ["groupChat"]]);
    for (const list of lists) {
      expect(list.commands).toHaveLength(10);
      for (const command of list.commands) {
        expect(command.title.length).toBeLessThanOrEqual(MAX_COMMAND_TITLE);
        expect(command.description.length).toBeLessThanOrEqual(MAX_COMMAND_DESCRIPTION);
      }
      expect(list.commands.map((command) => command.title).slice(1)).toEqual(
        Array.from({ length: 9 }, (_, index) => `command-${index + 1}`),
      );
      expect(list.commands[0]!.title).toBe("launch-create-with-a-very-long-…");
      expect(list.commands[1]!.description).toBe(`${"d".repeat(127)}…`);
    }
  });

  it("says clearly what is wrong with the options", () => {
    const attempt = (options: Parameters<typeof buildTeamsManifest>[0]) => {
      try {
        buildTeamsManifest(options);
      } catch (error) {
        if (error instanceof TeamsPackageConfigError) return error;
        throw error;
      }
      throw new Error("expected a TeamsPackageConfigError");
    };
    const badId = attempt({ botId: "my-bot", commands });
    expect(badId.problems).toEqual([{ field: "botId", message: expect.stringMatching(/GUID/) }]);
    expect(badId.message).toMatch(/botId: must be the Microsoft App ID/);

    const badDomain = attempt({ botId: BOT_ID, commands, validDomains: ["https://golive.example.com/"] });
    expect(badDomain.problems[0]?.field).toBe("validDomains.0");

    expect(attempt({ botId: BOT_ID, commands, version: "1.0" }).problems[0]?.field).toBe("version");
    expect(attempt({ botId: BOT_ID, commands: [] }).problems[0]?.field).toBe("commands");
    expect(
      attempt({ botId: BOT_ID, commands, developer: { websiteUrl: "http://golive.example.com" } }).problems[0]?.field,
    ).toBe("developer.websiteUrl");
  });
});

describe("Teams icons", () => {
  it("has a 192×192 colour icon", () => {
    const color = decodePng(readFileSync(path.join(iconsDir, "color.png")));
    expect([color.width, color.height]).toEqual([192, 192]);
    expect([2, 6]).toContain(color.colorType);
  });

  it("has a 32×32 outline icon, white on transparent", () => {
    const outline = decodePng(readFileSync(path.join(iconsDir, "outline.png")));
    expect([outline.width, outline.height, outline.colorType]).toEqual([32, 32, 6]);
    const pixel = (x: number, y: number) => [...outline.pixels[y]!.subarray(x * 4, x * 4 + 4)];
    for (const [x, y] of [
      [0, 0],
      [31, 0],
      [0, 31],
      [31, 31],
    ] as const) {
      expect(pixel(x, y)[3], `alpha at ${x},${y}`).toBe(0);
    }
    let visible = 0;
    for (let y = 0; y < 32; y++) {
      for (let x = 0; x < 32; x++) {
        const [r, g, b, a] = pixel(x, y);
        if (a === 0) continue;
        visible++;
        expect([r, g, b], `colour at ${x},${y}`).toEqual([255, 255, 255]);
      }
    }
    expect(visible).toBeGreaterThan(50);
  });
});

describe("buildTeamsAppPackage", () => {
  const outDir = mkdtempSync(path.join(tmpdir(), "golive-teams-"));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it("zips manifest.json and both icons at the root", () => {
    const files = unzipSync(buildTeamsAppPackage({ botId: BOT_ID, commands }));
    expect(Object.keys(files).sort()).toEqual(["color.png", "manifest.json", "outline.png"]);
    const manifest = JSON.parse(strFromU8(files["manifest.json"]!));
    expect(schemaErrors(manifest)).toEqual([]);
    expect(manifest.id).toBe(BOT_ID);
    expect(Buffer.from(files["color.png"]!).equals(readFileSync(path.join(iconsDir, "color.png")))).toBe(true);
    expect(Buffer.from(files["outline.png"]!).equals(readFileSync(path.join(iconsDir, "outline.png")))).toBe(true);
  });

  it("is written to a file by the packaging script", async () => {
    const out = path.join(outDir, "nested", "golive-teams.zip");
    await writeTeamsPackage(out, { botId: BOT_ID, commands, validDomains: [publicHostName("golive.example.com")] });
    const files = unzipSync(readFileSync(out));
    expect(JSON.parse(strFromU8(files["manifest.json"]!)).validDomains).toEqual(["golive.example.com"]);
  });
});

describe("teams-package script", () => {
  it("reads the public host from a bare host or a URL", () => {
    expect(publicHostName("golive.example.com")).toBe("golive.example.com");
    expect(publicHostName(" https://golive.example.com:8443/api/messages ")).toBe("golive.example.com");
    expect(publicHostName("golive.example.com/api")).toBe("golive.example.com");
  });

  const runScript = (env: Record<string, string>) =>
    spawnSync(process.execPath, ["--import", "tsx", path.join(repoRoot, "scripts", "teams-package.ts")], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? "", ...env },
      encoding: "utf8",
    });

  it("exits 2 with a clear message when MICROSOFT_APP_ID is missing or not a GUID", () => {
    const missing = runScript({});
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/MICROSOFT_APP_ID is not set/);

    const invalid = runScript({ MICROSOFT_APP_ID: "my-bot", GOLIVE_PUBLIC_HOST: "not a host" });
    expect(invalid.status).toBe(2);
    expect(invalid.stderr).toMatch(/MICROSOFT_APP_ID: must be the Microsoft App ID/);
    expect(invalid.stderr).toMatch(/GOLIVE_PUBLIC_HOST: a valid domain is a host name/);
    expect(invalid.stderr).not.toMatch(/\n\s+at /);
  });
});
