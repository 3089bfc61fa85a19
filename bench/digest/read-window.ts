// One measured read in its own process (so its peak RSS is its own): reads the files
// given as a log source for the bench day and prints JSON figures. bench/digest.ts runs it
// bundled the way dist/ is (see bundleReader there), so the figures are golive's, not tsx's.
import { readLogs } from "../../src/domain/digest/build.js";
import type { Launch } from "../../src/domain/launches/types.js";
import { BENCH_START, DAY_MS } from "./generate.js";

const [format, ...paths] = process.argv.slice(2);
const launch = { id: 0, name: "bench", timezone: "UTC" } as Launch;
// The process with the digest's code loaded, before it reads a line.
const baseRssMb = process.memoryUsage().rss / 1_048_576;
const started = performance.now();
const cpuStart = process.cpuUsage();
const { aggregate, sources } = await readLogs(
  [{ id: 0, name: "bench", kind: "logs", config: { patterns: paths, formats: [format as "access"], latencyUnit: "s", fields: {} } }],
  launch,
  { from: new Date(BENCH_START), to: new Date(BENCH_START + DAY_MS) },
  {},
);
const ms = performance.now() - started;
const cpu = process.cpuUsage(cpuStart);
const lines = sources.reduce((sum, s) => sum + s.lines, 0);
console.log(
  JSON.stringify({
    lines,
    requests: aggregate.current.requests,
    groups: aggregate.groups.size,
    errors: sources.flatMap((s) => s.errors),
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    baseRssMb,
    p95: aggregate.latency.getValueAtQuantile(0.95),
  }),
);
