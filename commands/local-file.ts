import { readFile, realpath, stat } from "node:fs/promises";
import { GoliveError } from "../src/errors.js";
import type { CommandContext } from "./types.js";

const MAX_BYTES = 1_000_000;
const SYSTEM = /^\/(?:proc|sys|dev)(?:\/|$)/;

/** Reads a text file on the machine running golive: only from the local shell, never from chat. */
export async function readLocalTextFile(ctx: CommandContext, path: string, what: string, instead: string): Promise<string> {
  if (ctx.actor.surface !== "shell") {
    throw new GoliveError("forbidden", `Files (${what}) can only be read from the local shell (\`npx golive shell\`), not from chat.`, instead);
  }
  // /proc, /sys and devices are the machine's state (environment, memory), never a document.
  const real = await realpath(path).catch(() => null);
  if (real && SYSTEM.test(real)) throw new GoliveError("forbidden", `${path} is a system file; golive reads only ordinary files.`, `Give the path of ${what}.`);
  const info = real ? await stat(real).catch(() => null) : null;
  if (!info?.isFile()) throw new GoliveError("not_found", `There is no file ${path}.`, `Give the path of ${what}.`);
  if (info.size > MAX_BYTES) throw new GoliveError("invalid", `${path} is ${info.size} bytes; the limit is ${MAX_BYTES}.`, `Check that ${path} is ${what}.`);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(await readFile(real!));
  } catch {
    throw new GoliveError("invalid", `${path} is not UTF-8 text.`, `Save ${what} as UTF-8 text.`);
  }
}
