#!/usr/bin/env node
// Runs the bundle in dist/ (`npm run build`; `npm install` and `npm ci` build it) while it is
// newer than every source file; otherwise the TypeScript sources through tsx, so an edit is
// never run stale and a checkout without a build still works.
import { readdirSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

function newestSource() {
  let newest = statSync(`${root}package.json`).mtimeMs;
  for (const dir of ["src", "commands"]) {
    for (const entry of readdirSync(`${root}${dir}`, { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) newest = Math.max(newest, statSync(`${entry.parentPath ?? entry.path}/${entry.name}`).mtimeMs);
    }
  }
  return newest;
}

function builtAt() {
  try {
    return statSync(`${root}dist/BUILT`).mtimeMs;
  } catch {
    return 0;
  }
}

let cli;
if (builtAt() >= newestSource()) {
  cli = await import("../dist/cli.js");
} else {
  const { register } = await import("tsx/esm/api");
  register();
  cli = await import("../src/cli.ts");
}
await cli.runCli(process.argv.slice(2));
