// Real files in a temporary folder: every format, rotated and compressed files, and the
// hostile ones (rotation mid-read, truncated line, binary garbage, a 10 MB line).
import { execFileSync } from "node:child_process";
import { appendFileSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { WindowAggregate } from "../../../src/domain/digest/aggregate.js";
import type { LogFormat } from "../../../src/domain/digest/formats.js";
import { DEFAULT_FIELD_MAP } from "../../../src/domain/digest/parse-jsonl.js";
import { inspectLogFiles, readFileSource } from "../../../src/domain/digest/read-files.js";
import { accessLine, djangoError, gunicornError, gunicornInfo, minutesAfter, nginxError, writeLog } from "./log-fixtures.js";

const dir = mkdtempSync(join(tmpdir(), "golive-digest-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const DAY = new Date("2026-11-24T09:00:00Z");
const window = () => new WindowAggregate({ from: DAY.getTime(), to: DAY.getTime() + 86_400_000, previousFrom: DAY.getTime() - 86_400_000, bucketMs: 3_600_000 });
const spec = (name: string, patterns: string[], formats: LogFormat[] = ["access", "nginx-error", "gunicorn-error", "django", "jsonl"]) => ({
  name,
  patterns,
  formats,
  options: { timezone: "UTC", latencyUnit: "s" as const, fields: DEFAULT_FIELD_MAP },
});

function folder(name: string) {
  const path = join(dir, name);
  execFileSync("mkdir", ["-p", path]);
  return path;
}

/** `n` access lines `stepSeconds` apart from `start`, every fifth one a 500. */
function accessLines(start: Date, n: number, stepSeconds = 60): string[] {
  return Array.from({ length: n }, (_, i) => accessLine(new Date(start.getTime() + i * stepSeconds * 1000), "GET", `/exams/${i}/`, i % 5 === 0 ? 500 : 200, 0.01 * ((i % 100) + 1)));
}

describe("reading real log files", () => {
  it("reads every format of one app and counts each request and error once", async () => {
    const d = folder("formats");
    writeLog(join(d, "access.log"), accessLines(minutesAfter(DAY, 10), 50));
    writeLog(join(d, "error.log"), [nginxError(minutesAfter(DAY, 20), "upstream timed out (110: Connection timed out) while reading response header from upstream")]);
    writeLog(join(d, "gunicorn-error.log"), [gunicornInfo(minutesAfter(DAY, 1), "Booting worker with pid: 4242"), ...gunicornError(minutesAfter(DAY, 30), "/exams/3/submit/"), ...gunicornError(minutesAfter(DAY, 31), "/exams/4/submit/")]);
    writeLog(join(d, "django.log"), djangoError(minutesAfter(DAY, 40), "/exams/9/"));
    writeLog(join(d, "app.jsonl"), [JSON.stringify({ time: minutesAfter(DAY, 50).toISOString(), status: 503, path: "/api/ping", method: "GET", latency: 0.2 })]);
    const aggregate = window();
    const report = await readFileSource(spec("app", [join(d, "*.log"), join(d, "*.jsonl")]), aggregate);
    expect(report.errors).toEqual([]);
    expect(report.files.map((f) => f.format).sort()).toEqual(["access", "django", "gunicorn-error", "jsonl", "nginx-error"]);
    expect(aggregate.current).toEqual({ requests: 51, s5xx: 11, s4xx: 0 });
    const groups = [...aggregate.groups.values()].map((g) => [g.type, g.count]).sort();
    expect(groups).toEqual([
      ["ValueError", 2],
      ["django.db.utils.OperationalError", 1],
      ["nginx error", 1],
    ]);
    expect(aggregate.malformed).toBe(0);
  });

  it("reads rotated .1, .gz and .zst files only when they overlap the window", async () => {
    const d = folder("rotated");
    const old = new Date(DAY.getTime() - 5 * 86_400_000);
    writeLog(join(d, "access.log"), accessLines(minutesAfter(DAY, 600), 10));
    writeLog(join(d, "access.log.1"), accessLines(minutesAfter(DAY, 60), 10), minutesAfter(DAY, 69));
    writeFileSync(join(d, "access.log.2.gz"), gzipSync(`${accessLines(minutesAfter(DAY, 0), 10).join("\n")}\n`));
    writeLog(join(d, "access.log.3"), accessLines(new Date(DAY.getTime() - 86_400_000), 10), new Date(DAY.getTime() - 86_400_000 + 9 * 60_000));
    writeLog(join(d, "plain-for-zst"), accessLines(minutesAfter(DAY, 30), 10));
    execFileSync("zstd", ["-q", "-f", "--rm", join(d, "plain-for-zst"), "-o", join(d, "access.log.4.zst")]);
    // Entirely before the window and the day before it: never opened for reading.
    writeFileSync(join(d, "access.log.5.gz"), gzipSync(`${accessLines(old, 10).join("\n")}\n`));
    const { utimesSync } = await import("node:fs");
    utimesSync(join(d, "access.log.2.gz"), minutesAfter(DAY, 9), minutesAfter(DAY, 9));
    utimesSync(join(d, "access.log.4.zst"), minutesAfter(DAY, 39), minutesAfter(DAY, 39));
    utimesSync(join(d, "access.log.5.gz"), minutesAfter(old, 9), minutesAfter(old, 9));
    const aggregate = window();
    const report = await readFileSource(spec("nginx", [join(d, "access.log")], ["access"]), aggregate);
    expect(report.errors).toEqual([]);
    expect(report.files.map((f) => f.path.replace(`${d}/`, "")).sort()).toEqual(["access.log", "access.log.1", "access.log.2.gz", "access.log.3", "access.log.4.zst"]);
    expect(aggregate.current.requests).toBe(40);
    expect(aggregate.previous.requests).toBe(10);
  });

  it("loses no line and counts none twice when the file is rotated while being read", async () => {
    const d = folder("rotation");
    const live = join(d, "access.log");
    writeLog(live, accessLines(minutesAfter(DAY, 0), 20_000, 2));
    let rotated = false;
    const aggregate = window();
    const report = await readFileSource(spec("nginx", [live], ["access"]), aggregate, {
      hooks: {
        async afterChunk(path) {
          if (rotated || path !== live) return;
          rotated = true;
          // logrotate renames; nginx keeps writing to the old file until it reopens its logs…
          renameSync(live, `${live}.1`);
          appendFileSync(`${live}.1`, `${accessLines(minutesAfter(DAY, 700), 5).join("\n")}\n`);
          // …then writes to a new file.
          writeLog(live, accessLines(minutesAfter(DAY, 800), 7));
        },
      },
    });
    expect(rotated).toBe(true);
    expect(report.errors).toEqual([]);
    expect(aggregate.current.requests).toBe(20_000 + 5 + 7);
  });

  it("reads a large .gz whole, in the same lines as the plain file, and names a .gz cut short", async () => {
    const d = folder("big-gz");
    // About 9 MB inflated: many 128 KiB inflate chunks, more than the 4 MiB zlib may run ahead.
    const lines = accessLines(DAY, 60_000, 1).map((line, i) => `${line} "${"x".repeat(i % 50)}"`);
    const body = Buffer.from(`${lines.join("\n")}\n`);
    writeFileSync(join(d, "access.log.1.gz"), gzipSync(body));
    const plain = window();
    writeFileSync(join(d, "plain.log"), body);
    await readFileSource(spec("plain", [join(d, "plain.log")], ["access"]), plain);
    const aggregate = window();
    const report = await readFileSource(spec("nginx", [join(d, "access.log.1.gz")], ["access"]), aggregate);
    expect(report.errors).toEqual([]);
    expect(report.files[0]).toMatchObject({ lines: 60_000 });
    expect(aggregate.current).toEqual(plain.current);
    expect(aggregate.current.requests).toBe(60_000);
    expect(aggregate.malformed).toBe(0);
    expect(aggregate.latency.getValueAtQuantile(0.95)).toBe(plain.latency.getValueAtQuantile(0.95));

    const gz = gzipSync(body);
    writeFileSync(join(d, "cut.log.2.gz"), gz.subarray(0, Math.floor(gz.length / 2)));
    const cut = window();
    const cutReport = await readFileSource(spec("cut", [join(d, "cut.log.2.gz")], ["access"]), cut);
    expect(cutReport.errors.join("\n")).toMatch(/cut\.log\.2\.gz: unexpected end of file/);
  });

  it("counts and skips hostile lines: truncated, binary garbage, a 10 MB line", async () => {
    const d = folder("hostile");
    const lines = accessLines(minutesAfter(DAY, 0), 10);
    const garbage = Buffer.from([0x00, 0xff, 0xfe, 0x1b, 0x5b, 0x00, 0x80, 0x81]).toString("latin1");
    const body = [...lines.slice(0, 5), garbage, "x".repeat(10 * 1024 * 1024), ...lines.slice(5)].join("\n");
    // The last line is cut in the middle (a writer died, or it is still being written).
    writeFileSync(join(d, "access.log"), `${body}\n${lines[0]!.slice(0, 40)}`, "latin1");
    const aggregate = window();
    const report = await readFileSource(spec("nginx", [join(d, "access.log")], ["access"]), aggregate);
    expect(report.errors).toEqual([]);
    expect(aggregate.current.requests).toBe(10);
    expect(aggregate.malformed).toBe(3);
    expect(aggregate.malformedExamples.join("\n")).toMatch(/access\.log:6: binary data/);
    expect(aggregate.malformedExamples.join("\n")).toMatch(/access\.log:7: line of 10485760 characters/);
  });

  it("says which file and line is in an unknown format, and which pattern matches nothing", async () => {
    const d = folder("unknown");
    writeLog(join(d, "weird.log"), ["", "<<< this is not a log format golive knows >>>", "neither is this"]);
    await expect(inspectLogFiles(spec("x", [join(d, "weird.log")]))).rejects.toThrow(`Unknown format in ${join(d, "weird.log")} line 2: "<<< this is not a log format golive knows >>>"`);
    await expect(inspectLogFiles(spec("x", [join(d, "missing-*.log")]))).rejects.toThrow(`No file matches ${join(d, "missing-*.log")}.`);
    const aggregate = window();
    const report = await readFileSource(spec("x", [join(d, "weird.log"), join(d, "nope.log")]), aggregate);
    expect(report.errors).toEqual([`No file matches ${join(d, "nope.log")}.`, expect.stringContaining(`Unknown format in ${join(d, "weird.log")} line 2`)]);
  });

  it("seeks into a large file instead of reading what came before the window", async () => {
    const d = folder("large");
    const before = accessLines(new Date(DAY.getTime() - 30 * 86_400_000), 60_000, 1);
    writeLog(join(d, "access.log"), [...before, ...accessLines(minutesAfter(DAY, 0), 100)]);
    const aggregate = window();
    const report = await readFileSource(spec("nginx", [join(d, "access.log")], ["access"]), aggregate);
    expect(aggregate.current.requests).toBe(100);
    expect(report.files[0]!.path).toMatch(/\(from byte \d+\)$/);
    expect(report.files[0]!.bytes).toBeLessThan(1_000_000);
  });
});
