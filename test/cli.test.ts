import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { withChildSchema } from "./helpers/db.js";
import { machineClockEnv, machineDate } from "./helpers/time.js";

const bin = new URL("../bin/golive.js", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "golive-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function golive(args: string[], opts: { env?: Record<string, string>; input?: string; shell?: string } = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const [file, argv] = opts.shell ? ["sh", ["-c", opts.shell]] : [process.execPath, [bin, ...args]];
    const child = execFile(
      file,
      argv,
      { env: { ...machineClockEnv(), PATH: process.env.PATH, HOME: dir, GOLIVE_DATA_DIR: join(dir, "data"), GOLIVE_USER: "rita", LOG_LEVEL: "silent", ...opts.env }, cwd: dir, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(opts.input ?? "");
  });
}

// golive runs here on the machine's clock, so launch dates are relative to the machine's date.
// Each run starts a process with its own embedded database: slow on a busy machine.
describe("the golive command", { timeout: 300_000 }, () => {
  it("runs one command and exits; the embedded database keeps the state across runs", async () => {
    const created = await golive(["run", `launch create osce-prod --checklist django-osce --date ${machineDate(30)}`]);
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);
    // Any command works as arguments, exactly like run; an argument with spaces stays one.
    expect((await golive(["block", "1.2.1", "waiting for the DBA"], { env: { LOG_LEVEL: "debug" } })).stdout).toMatch(/1\.2\.1 blocked/);
    const status = await golive(["run", "status"]);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/1 item\(s\) blocked/);
    expect(await golive(["status"])).toEqual({ code: 0, stdout: status.stdout, stderr: "" });
    // The JSON log goes to the data folder, never to the terminal.
    expect(readFileSync(join(dir, "data", "golive.log"), "utf8")).toMatch(/"msg":"storage ready"/);
    const refused = await golive(["run", "check 99.9"]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/There is no item 99\.9/);
  });

  it("reads commands line by line from a pipe", async () => {
    const out = await golive(["shell"], { env: { GOLIVE_DATA_DIR: join(dir, "piped") }, input: `launch create shop --checklist django-lms --date ${machineDate(30)}\n# a comment\ncheck 1.1\nstatus\n` });
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/golive> check 1\.1\n1\.1 checked\./);
    expect(out.stdout).toMatch(/1\/141/);
  });

  it("lints a checklist as JSON with exit codes 0, 1 and 2", async () => {
    const seed = new URL("../../shared/seeds/osce-production-checklist.md", import.meta.url).pathname;
    const ok = await golive(["run", `checklist lint ${seed} --json`]);
    expect(ok.code).toBe(0);
    const json = JSON.parse(ok.stdout);
    expect(json).toMatchObject({ title: expect.any(String), itemCount: 157 });
    expect(json.warnings[0]).toEqual({ line: expect.any(Number), message: expect.stringMatching(/mojibake/i) });
    expect(json.sections[0]).toEqual(expect.objectContaining({ ref: expect.any(String), title: expect.any(String), items: expect.any(Array), sections: expect.any(Array) }));
    const empty = join(dir, "empty.md");
    writeFileSync(empty, "# Nothing here\n\nJust prose.\n");
    const bad = await golive(["run", `checklist lint ${empty} --json`]);
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout).itemCount).toBe(0);
    expect((await golive(["run", "checklist lint"])).code).toBe(2);
  });

  it("reports a bad configuration in one line, exit code 2, without echoing secrets", async () => {
    const port = await golive(["run", "status"], { env: { PORT: "eighty" } });
    expect(port.code).toBe(2);
    expect(port.stderr).toMatch(/^golive: Invalid configuration: PORT .*\(got "eighty"\)\.\n$/);
    const db = await golive(["run", "status"], { env: { DATABASE_URL: "postgres://app:hunter2@127.0.0.1:1/golive" } });
    expect(db.code).toBe(2);
    expect(db.stderr).toMatch(/Cannot reach PostgreSQL at postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/golive/);
    expect(db.stderr).not.toContain("hunter2");
  });

  it("--help lists the CLI verbs and every command; --version", async () => {
    const help = await golive(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/golive <command> \[args\] +run one command and exit/);
    expect(help.stdout).toMatch(/golive gate \[--launch <name>\] \[--require attested\|verified\] \[--max-age 24h\]/);
    expect(help.stdout).toMatch(/\n {2}launch create <name> --checklist <id>/);
    expect(help.stdout).toMatch(/\n {2}gate \[--require attested\|verified\]/);
    const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    expect(await golive(["--version"])).toEqual({ code: 0, stdout: `golive ${version}\n`, stderr: "" });
  });

  it("delivers several hundred KB through a pipe whole", async () => {
    const lines = ["# Big", ""];
    for (let s = 1; s <= 30; s++) {
      lines.push(`## Section ${s}`, "");
      for (let i = 1; i <= 40; i++) lines.push(`- [ ] Item ${s}.${i}: a task with enough words to make a long line of JSON ⚠️`);
      lines.push("");
    }
    const file = join(dir, "big.md");
    writeFileSync(file, lines.join("\n"));
    const piped = await golive([], { shell: `"${process.execPath}" "${bin}" checklist lint "${file}" --json | cat` });
    expect(piped.stdout.length).toBeGreaterThan(400_000);
    expect(JSON.parse(piped.stdout).itemCount).toBe(1200);
  });

  it("gate: exit 0 on GO, 1 on NO-GO, 2 on a usage or connection error; --json errors are JSON", async () => {
    const env = { GOLIVE_DATA_DIR: join(dir, "gate") };
    const gateChecklist = new URL("./fixtures/checklists/gate.md", import.meta.url).pathname;
    const setup = await golive(["shell"], { env, input: `checklist import ${gateChecklist} --id gate\nlaunch create shop --checklist gate --date ${machineDate(30)}\ncheck 1.1\ncheck 1.2\ncheck 1.3\n` });
    expect(setup.code, setup.stdout).toBe(0);
    const go = await golive(["gate", "--json"], { env });
    expect(go.code).toBe(0);
    expect(JSON.parse(go.stdout)).toMatchObject({ launch: "shop", verdict: "go" });
    // Ticked by people, not proven by an audit.
    const nogo = await golive(["gate", "--require", "verified", "--max-age", "24h"], { env });
    expect(nogo.code).toBe(1);
    expect(nogo.stderr).toMatch(/^NO-GO for shop \(critical items verified by an audit, evidence at most 24h old\)\n- 2 critical item\(s\) attested but not verified/);
    expect((await golive(["gate", "--max-age", "24h"], { env })).code).toBe(2);
    const down = await golive(["gate", "--json"], { env: { DATABASE_URL: "postgres://app:hunter2@127.0.0.1:1/golive" } });
    expect(down.code).toBe(2);
    expect(JSON.parse(down.stdout).error).toMatchObject({ code: "config", message: expect.stringMatching(/^Cannot reach PostgreSQL at postgres:\/\/app:\*\*\*@127\.0\.0\.1:1\/golive/) });
    expect(down.stdout).not.toContain("hunter2");
  });

  it.runIf(process.env.TEST_DATABASE_URL)("gate works one-shot on PostgreSQL with DATABASE_URL", async () => {
    await withChildSchema(async ({ url, schema, admin }) => {
      const env = { DATABASE_URL: url, GOLIVE_DATA_DIR: join(dir, "pg") };
      const setup = await golive(["shell"], { env, input: `launch create shop --checklist django-lms --date ${machineDate(30)}\n` });
      expect(setup.code, setup.stdout).toBe(0);
      const nogo = await golive(["gate", "--json"], { env });
      expect(nogo.code).toBe(1);
      expect(JSON.parse(nogo.stdout)).toMatchObject({ launch: "shop", verdict: "no-go" });
      const [event] = await admin.query<{ actor: string; after: { origin: { via: string } } }>(`select actor, after from ${schema}.events where kind = 'gate'`);
      expect(event).toMatchObject({ actor: "rita", after: { verdict: "no-go", origin: { via: "cli" } } });
    });
  });
});
