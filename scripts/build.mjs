// `npm run build` (also run by `npm install` and `npm ci`, as `prepare`): bundles golive's
// TypeScript into dist/ with esbuild, so `npx golive …` starts without a TypeScript
// transform and reads a few files instead of hundreds of small modules. Plain JavaScript,
// so it runs on a fresh clone with only Node and npm.
import { cpSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "dist");
// Built beside dist/ and moved in at the end, so a process starting meanwhile never sees half a build.
const staging = join(root, `.dist-${process.pid}`);
rmSync(staging, { recursive: true, force: true });
mkdirSync(staging, { recursive: true });
try {
  await build({
    absWorkingDir: root,
    entryPoints: { cli: "src/cli.ts" },
    outdir: staging,
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    // Only golive's own code is bundled; packages load from node_modules as they are
    // published: PGlite loads its WASM next to itself, pino starts workers from its own files,
    // resvg has a native part, some packages require optional parts lazily, and the Slack and
    // Teams SDKs are loaded only when golive serves them.
    packages: "external",
    // Bundled CommonJS packages call require(); ESM output has none unless it is made.
    banner: { js: 'import { createRequire as __goliveRequire } from "node:module"; const require = __goliveRequire(import.meta.url);' },
    chunkNames: "chunk-[hash]",
    logLevel: "warning",
  });
  // The SQL migrations are read at run time next to the code that applies them.
  cpSync(join(root, "src/storage/migrations"), join(staging, "migrations"), { recursive: true, filter: (path) => !path.endsWith(".md") });
  writeFileSync(join(staging, "BUILT"), "built by scripts/build.mjs from src/ and commands/; bin/golive.js runs it while it is newer than them\n");
  rmSync(out, { recursive: true, force: true });
  renameSync(staging, out);
} finally {
  rmSync(staging, { recursive: true, force: true });
}
const files = readdirSync(out).length;
if (process.env.npm_lifecycle_event !== "prepare") console.log(`dist/: ${files} files`);
