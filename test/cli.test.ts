import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { machineDate } from "./helpers/time.js";

const bin = new URL("../bin/golive.js", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "golive-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function golive(args: string[], opts: { env?: Record<string, string>; input?: string } = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(
      process.execPath,
      [bin, ...args],
      { env: { PATH: process.env.PATH, HOME: dir, GOLIVE_DATA_DIR: join(dir, "data"), GOLIVE_USER: "rita", LOG_LEVEL: "silent", ...opts.env }, cwd: dir },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(opts.input ?? "");
  });
}

// golive runs here on the machine's clock, so launch dates are relative to the machine's date.
// Each run starts a process with its own embedded database: slow on a busy machine.
describe("the golive command", { timeout: 180_000 }, () => {
  it("runs one command and exits; the embedded database keeps the state across runs", async () => {
    const created = await golive(["run", `launch create osce-prod --checklist django-osce --date ${machineDate(30)}`]);
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);
    expect((await golive(["run", "check 1.1.1"])).code).toBe(0);
    const status = await golive(["run", "status"]);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/1\/157/);
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
});
