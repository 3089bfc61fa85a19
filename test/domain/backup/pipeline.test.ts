// The backup pipeline's three paths, each checked against what a person gets back with stock
// tools: pg_dump → zstd through an OS pipe (zstd says how many bytes pg_dump wrote), the plain
// dump through golive into zstd (a zstd that does not say), and gzip (no zstd on the machine).
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openSink } from "../../../src/domain/backup/destinations.js";
import { dumpToSinks, type Progress } from "../../../src/domain/backup/pipeline.js";
import { addressFromEnv } from "../../../src/domain/backup/source.js";
import type { CompressionAlgorithm } from "../../../src/domain/backup/streams.js";
import * as tools from "../../../src/domain/backup/tools.js";
import { createSourceDatabase, type SourceDatabase } from "./support/source-db.js";
import { gnupgHome, shell } from "./support/tools.js";

vi.setConfig({ testTimeout: 120_000 });

const zstd = vi.hoisted(() => ({ counts: true }));
vi.mock("../../../src/domain/backup/tools.js", async (original) => {
  const real = await original<typeof import("../../../src/domain/backup/tools.js")>();
  return { ...real, zstdCountsBytes: async () => zstd.counts && (await real.zstdCountsBytes()) };
});

const PASSPHRASE = "pipeline passphrase";
let source: SourceDatabase;
let dir: string;

beforeAll(async () => {
  source = await createSourceDatabase(20_000);
  process.env.PIPE_SOURCE_URL = source.url;
  dir = await mkdtemp(join(tmpdir(), "golive-pipeline-"));
});

afterAll(async () => {
  await source?.drop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("zstd's summary", () => {
  it("gives the exact bytes in and out, in the 1.5 (-vv) and 1.4 wording, the last summary winning", () => {
    expect(tools.parseZstdSummary("Using stdin for input \n/*stdin*\\            : 75.37%   (16677495 B => 12569522 B, /*stdout*\\) \n/*stdin*\\  : Completed in 0.07 sec")).toEqual({ bytesIn: 16677495, bytesOut: 12569522 });
    expect(tools.parseZstdSummary("/*stdin*\\            : 10.10%   (1048576 => 105970 bytes, /*stdout*\\) ")).toEqual({ bytesIn: 1048576, bytesOut: 105970 });
    expect(tools.parseZstdSummary("/*stdin*\\            :  (     0 B =>     13 B, /*stdout*\\) ")).toEqual({ bytesIn: 0, bytesOut: 13 });
    expect(tools.parseZstdSummary("/*stdin*\\ : 75.37%   (  15.9 MiB =>   12.0 MiB, /*stdout*\\)")).toBeNull();
    expect(tools.parseZstdSummary("")).toBeNull();
  });

  it("is read on this machine's zstd", async () => {
    expect(await tools.zstdCountsBytes()).toBe(true);
  });
});

async function backUp(compression: CompressionAlgorithm, name: string) {
  const sink = await openSink({ kind: "file", path: dir }, name, {});
  const progress: Progress[] = [];
  const result = await dumpToSinks({
    source: addressFromEnv("PIPE_SOURCE_URL"),
    passphrase: PASSPHRASE,
    sinks: [sink],
    compression,
    progressEveryMs: 0,
    onProgress: (p) => {
      progress.push(p);
    },
  });
  await sink.commit("{}\n");
  return { result, progress, file: join(dir, name) };
}

/** The plain dump's size, as gpg and the decompressor give it back to a person. */
async function plainBytes(file: string, decompress: string): Promise<number> {
  const out = await shell(`gpg --batch --quiet --pinentry-mode loopback --passphrase-fd 0 --decrypt "${file}" | ${decompress} | wc -c`, `${PASSPHRASE}\n`, { GNUPGHOME: await gnupgHome() });
  return Number(out.trim());
}

describe("the backup pipeline's paths", () => {
  it("pg_dump → zstd through an OS pipe: the bytes in are exactly the dump's, progress is what zstd read", async () => {
    const { result, progress, file } = await backUp("zstd", "direct.dump.zst.gpg");
    expect(result.bytesIn).toBe(await plainBytes(file, "zstd -d"));
    expect(result.bytesOut).toBe((await stat(file)).size);
    expect(result.tables.find((t) => t.table === "public.users")?.rows).toBe(20_000);
    expect(progress.length).toBeGreaterThan(0);
    for (const p of progress) {
      expect(p.bytesIn).not.toBeNull();
      // /proc's count also has zstd's few KB of start-up reads (its libraries, /proc/cpuinfo).
      expect(p.bytesIn!).toBeLessThanOrEqual(result.bytesIn + 64 * 1024);
      expect(p.bytesOut).toBeLessThanOrEqual(result.bytesOut);
    }
  });

  it("the plain dump through golive into zstd, where zstd does not say its byte counts: the same artifact a person opens", async () => {
    zstd.counts = false;
    try {
      const { result, progress, file } = await backUp("zstd", "through.dump.zst.gpg");
      expect(result.bytesIn).toBe(await plainBytes(file, "zstd -d"));
      expect(progress.at(-1)!.bytesIn).toBeGreaterThan(0);
    } finally {
      zstd.counts = true;
    }
  });

  it("gzip where the machine has no zstd", async () => {
    const { result, file } = await backUp("gzip", "fallback.dump.gz.gpg");
    expect(result.bytesIn).toBe(await plainBytes(file, "gunzip"));
    expect(result.bytesOut).toBe((await stat(file)).size);
    expect((await readdir(dir)).filter((f) => f.endsWith(".partial"))).toEqual([]);
  });
});
