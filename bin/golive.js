#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx, so `npx golive` needs no build step.
import { register } from "tsx/esm/api";

register();
const { cli, fail } = await import("../src/cli.ts");
cli(process.argv.slice(2)).then((code) => process.exit(code), fail);
