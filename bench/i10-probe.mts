import { performance } from "node:perf_hooks";
import { openSink } from "../src/domain/backup/destinations.js";
import { dumpToSinks } from "../src/domain/backup/pipeline.js";
import { addressFromEnv } from "../src/domain/backup/source.js";
process.env.P_URL = "postgres://postgres@127.0.0.1:5432/i10_pgb";
for (let i = 0; i < Number(process.argv[2] ?? 2); i++) {
  const sink = await openSink({ kind: "file", path: "/tmp/i10-out" }, `p${i}.gpg`, {});
  const t = performance.now();
  const r = await dumpToSinks({ source: addressFromEnv("P_URL"), passphrase: "x", sinks: [sink], compression: "zstd" });
  const d = performance.now() - t;
  await sink.commit("{}");
  console.log(`dumpToSinks ${(d / 1000).toFixed(2)} s (bytesIn ${r.bytesIn}, out ${r.bytesOut}), commit +${((performance.now() - t - d) / 1000).toFixed(2)} s`);
}
