// The interactive shell in a real terminal (tmux): completion, history across sessions,
// Ctrl-C and Ctrl-D, no JSON on the screen, and output arriving while someone types.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { withChildSchema } from "../../helpers/db.js";
import { machineClockEnv, machineDate } from "../../helpers/time.js";
import { hasTmux, lastLine, openTerminal, type Terminal } from "../../helpers/tmux.js";

const bin = new URL("../../../bin/golive.js", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "golive-tty-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const baseEnv = { ...machineClockEnv(), PATH: process.env.PATH ?? "", HOME: dir, GOLIVE_USER: "rita", TERM: "xterm" };

async function pipeShell(env: Record<string, string>, input: string) {
  const child = promisify(execFile)(process.execPath, [bin, "shell"], { env: { ...baseEnv, ...env }, cwd: dir });
  child.child.stdin?.end(input);
  return child;
}

let terminal: Terminal | undefined;
afterEach(async () => {
  await terminal?.close();
  terminal = undefined;
});

const PROMPT = "golive> ";

describe.runIf(await hasTmux())("the interactive shell in a terminal", { timeout: 240_000 }, () => {
  it("completes with Tab, keeps history across sessions, clears the line on Ctrl-C, leaves on a second Ctrl-C or Ctrl-D", async () => {
    const env = { ...baseEnv, GOLIVE_DATA_DIR: join(dir, "comforts"), LOG_LEVEL: "info" };
    await pipeShell(env, `launch create shop --checklist django-osce --date ${machineDate(30)}\n`);

    terminal = await openTerminal(["node", bin, "shell"], env, dir);
    const t = terminal;
    await t.waitFor((s) => lastLine(s) === PROMPT.trim(), "the prompt");
    await t.keys("sta", "Tab");
    await t.waitFor((s) => lastLine(s) === `${PROMPT}status`, "status completed");
    await t.keys("C-u", "check 1.1", "Tab");
    await t.waitFor((s) => lastLine(s) === `${PROMPT}check 1.1`, "the ref typed");
    await t.keys("Tab");
    const candidates = await t.waitFor((s) => s.includes("1.1.5"), "the candidate refs");
    expect(candidates).toMatch(/1\.1 +1\.1\.1 +1\.1\.2 +1\.1\.3 +1\.1\.4 +1\.1\.5/);

    await t.keys("C-u", "launch list", "Enter");
    await t.waitFor((s) => /shop +\d{4}-\d\d-\d\d/.test(s) && lastLine(s) === PROMPT.trim(), "the launch list and a new prompt");
    await t.keys("check 1.1", "C-c");
    const cleared = await t.waitFor((s) => s.includes("check 1.1^C") && lastLine(s) === PROMPT.trim(), "the line cleared");
    expect(cleared).not.toMatch(/\{"level"/);
    await t.keys("C-c");
    await t.waitFor((s) => s.includes("[exited 0]"), "the shell to leave on the second Ctrl-C");
    await t.close();

    terminal = await openTerminal(["node", bin, "shell"], env, dir);
    const again = terminal;
    await again.waitFor((s) => lastLine(s) === PROMPT.trim(), "the prompt of the second session");
    await again.keys("Up");
    await again.waitFor((s) => lastLine(s) === `${PROMPT}launch list`, "the previous session's command");
    await again.keys("C-u", "C-c");
    await again.waitFor((s) => s.includes("(To leave, press Ctrl-C again or Ctrl-D, or type exit.)"), "the hint on an empty line");
    await again.keys("C-d");
    await again.waitFor((s) => s.includes("[exited 0]"), "the shell to leave on Ctrl-D");
    expect(readFileSync(join(dir, "comforts", "shell_history"), "utf8")).toBe("launch list\n");
  });

  it.runIf(process.env.TEST_DATABASE_URL)(
    "prints a post that arrives while someone types above the prompt, then redraws what was typed (PostgreSQL, two processes)",
    async () => {
      await withChildSchema(async ({ url, schema, admin }) => {
        const env = { ...baseEnv, DATABASE_URL: url, GOLIVE_DATA_DIR: join(dir, "async"), LOG_LEVEL: "info" };
        await pipeShell(env, `launch create shop --checklist django-lms --date ${machineDate(3)}\nlaunch use shop\n`);

        // `golive` without Slack or Teams: the local shell with the scheduler and the outbox dispatcher.
        terminal = await openTerminal(["node", bin], env, dir);
        const t = terminal;
        await t.waitFor((s) => lastLine(s) === PROMPT.trim(), "the prompt");
        const pending = async () => (await admin.query<{ n: number }>(`select count(*)::int as n from ${schema}.outbox where status <> 'delivered'`))[0]!.n;
        for (let i = 0; i < 600 && (await pending()) > 0; i++) await new Promise((resolve) => setTimeout(resolve, 100));
        expect(await pending(), "the shell delivered the launch's start-up posts").toBe(0);
        const before = (await t.screen(400)).split("── golive in local").length;
        await t.keys("chec");
        await t.waitFor((s) => lastLine(s) === `${PROMPT}chec`, "the typed text");

        // Another process asks for the readiness post; the running shell delivers it.
        await promisify(execFile)(process.execPath, [bin, "jobs", "run", "readiness-post"], { env, cwd: dir });
        const screen = await t.waitFor((s) => s.split("── golive in local").length > before && lastLine(s) === `${PROMPT}chec`, "the post above the redrawn prompt");
        expect(screen).toMatch(/── golive in local ──\nshop · readiness/);
        expect(screen).not.toMatch(/\{"level"/);
        await t.keys("k 1.1", "Enter");
        await t.waitFor((s) => /1\.1 checked/.test(s), "the completed command to run");
        expect(readFileSync(join(dir, "async", "golive.log"), "utf8")).toMatch(/"msg":"Slack surface off/);
        await t.close();
      });
    },
  );
});
