// `npm run bench`: runs every bench/*.ts (each exports a `bench…(): Promise<string>`) and prints its result line.
import { readdirSync } from "node:fs";

const dir = new URL("./", import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith(".ts") && f !== "run.ts").sort();
let failed = false;
for (const file of files) {
  const module = (await import(new URL(file, dir).href)) as Record<string, unknown>;
  const benches = Object.entries(module).filter(([name, value]) => name.startsWith("bench") && typeof value === "function");
  for (const [name, fn] of benches) {
    try {
      console.log(await (fn as () => Promise<string>)());
    } catch (error) {
      failed = true;
      console.error(`${file} ${name} failed: ${(error as Error).message}`);
    }
  }
}
process.exit(failed ? 1 : 0);
