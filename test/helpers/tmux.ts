// A real terminal for the interactive shell: tmux runs the program in a pty; the test types
// with send-keys and reads the screen with capture-pane. Each test gets its own tmux server
// (its own socket), killed at the end.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";

const run = promisify(execFile);

export const hasTmux = async () => {
  try {
    await run("tmux", ["-V"]);
    return true;
  } catch {
    return false;
  }
};

export interface Terminal {
  /** Keys as tmux names them: plain text, `Tab`, `Enter`, `C-c`, `C-d`, `Up`. */
  keys(...keys: string[]): Promise<void>;
  /** The visible screen plus `history` lines of scrollback, trailing blank lines removed. */
  screen(history?: number): Promise<string>;
  /** Polls the screen until `test` holds; fails with the last screen after `timeoutMs`. */
  waitFor(test: (screen: string) => boolean, what: string, timeoutMs?: number): Promise<string>;
  close(): Promise<void>;
}

const POLL_MS = 100;

const shellQuote = (value: string) => `'${value.replaceAll("'", "'\\''")}'`;

/** Starts `argv` in a 120×40 terminal with `env`; when it ends the pane shows `[exited <code>]`. */
export async function openTerminal(argv: string[], env: Record<string, string>, cwd: string): Promise<Terminal> {
  const socket = `golive-test-${randomBytes(4).toString("hex")}`;
  const tmux = (...args: string[]) => run("tmux", ["-L", socket, ...args]);
  const command = `cd ${shellQuote(cwd)} && env ${Object.entries(env).map(([k, v]) => shellQuote(`${k}=${v}`)).join(" ")} ${argv.map(shellQuote).join(" ")}; echo "[exited $?]"; sleep 600`;
  await tmux("-f", "/dev/null", "new-session", "-d", "-s", "t", "-x", "120", "-y", "40", command);
  const screen = async (history = 0) => {
    const { stdout } = await tmux("capture-pane", "-p", "-t", "t", ...(history > 0 ? ["-S", String(-history)] : []));
    return stdout.replace(/\s+$/, "");
  };
  return {
    async keys(...keys) {
      for (const key of keys) await tmux("send-keys", "-t", "t", ...(/^(Tab|Enter|Up|Down|C-[a-z])$/.test(key) ? [key] : ["-l", key]));
    },
    screen,
    async waitFor(test, what, timeoutMs = 60_000) {
      let current = "";
      for (let waited = 0; waited <= timeoutMs; waited += POLL_MS) {
        current = await screen(200);
        if (test(current)) return current;
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      }
      throw new Error(`waited ${timeoutMs} ms for ${what}; the screen:\n${current}`);
    },
    async close() {
      await tmux("kill-server").catch(() => {});
    },
  };
}

/** The last non-empty line of a screen (where the prompt is). */
export const lastLine = (screen: string) => screen.split("\n").filter((line) => line.trim() !== "").at(-1) ?? "";
