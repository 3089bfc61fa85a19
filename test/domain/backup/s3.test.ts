// S3-compatible storage for real: s3rver (an S3 HTTP server) on loopback, multipart uploads
// of an artifact larger than one part, a drill that streams it back, retention deleting
// from the bucket, and the server stopped in the middle of an upload.
import { mkdtemp, readdir } from "node:fs/promises";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import nock from "nock";
import S3rver from "s3rver";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { runBackup } from "../../../src/domain/backup/backup-run.js";
import { settleBackground } from "../../../src/jobs/background.js";
import { launchesRepo } from "../../../src/storage/launches-repo.js";
import { engines, useDatabase } from "../../helpers/db.js";
import { shellAs, testServices } from "../../helpers/harness.js";
import { createSourceDatabase, type SourceDatabase } from "./support/source-db.js";

vi.setConfig({ testTimeout: 180_000 });

let source: SourceDatabase;
let s3: { server: S3rver; http: Server; endpoint: string; directory: string } | undefined;

async function startS3(directory?: string, port = 0) {
  const dir = directory ?? (await mkdtemp(join(tmpdir(), "golive-s3rver-")));
  const server = new S3rver({ address: "127.0.0.1", port, silent: true, directory: dir, configureBuckets: [{ name: "backups" }] });
  const address = (await server.run()) as { port: number };
  s3 = { server, http: (server as unknown as { httpServer: Server }).httpServer, endpoint: `http://127.0.0.1:${address.port}`, directory: dir };
  return s3;
}

function stopS3Now() {
  s3?.http.closeAllConnections();
  s3?.http.close();
}

const client = () => new S3Client({ region: "us-east-1", endpoint: s3!.endpoint, forcePathStyle: true, credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } });
const keys = async () => ((await client().send(new ListObjectsV2Command({ Bucket: "backups" }))).Contents ?? []).map((o) => o.Key!).sort();

beforeAll(async () => {
  // nock's interceptor (test/helpers/setup.ts) aborts a loopback response the reader pauses
  // (ECONNRESET "aborted"), which a drill reading a large object does: this file talks to
  // its own server on 127.0.0.1 only, so interception is off here.
  nock.restore();
  source = await createSourceDatabase();
});
afterAll(async () => {
  nock.activate();
  await source?.drop();
});
beforeEach(async () => {
  process.env.S3_SOURCE_URL = source.url;
  process.env.S3_PASSPHRASE = "s3 passphrase";
  process.env.AWS_ACCESS_KEY_ID = "S3RVER";
  process.env.AWS_SECRET_ACCESS_KEY = "S3RVER";
  await startS3();
});
afterEach(() => {
  stopS3Now();
});

describe.each(engines)("S3-compatible destinations on %s", (engine) => {
  const db = useDatabase(engine);

  async function setUp(keep = "daily=7,weekly=4,monthly=6") {
    const { services, clock } = testServices(db(), "2026-11-22T02:00:00Z");
    const sh = shellAs(services, "rita");
    await sh.run("launch create s3shop --checklist django-production --date 2026-12-01 --tz UTC");
    await sh.run("launch use s3shop");
    const dir = await mkdtemp(join(tmpdir(), "golive-backups-"));
    const set = await sh.run(`backup set --source-env S3_SOURCE_URL --passphrase-env S3_PASSPHRASE --to s3://backups/golive/s3shop --s3-endpoint ${s3!.endpoint} --keep ${keep}`);
    expect(set.ok, set.text).toBe(true);
    return { sh, clock, dir, services };
  }

  it("uploads in parts, drills from the bucket, proves the offsite copy, and prunes there", async () => {
    const { sh, clock } = await setUp("daily=1");
    await sh.run("backup now");
    await settleBackground();
    expect(await keys()).toEqual(["golive/s3shop/s3shop-20261122T020000Z-1.dump.zst.gpg", "golive/s3shop/s3shop-20261122T020000Z-1.dump.zst.gpg.manifest.json"]);
    const [row] = await db().query<{ bytes_out: number; status: string }>("select bytes_out, status from backups");
    expect(row).toMatchObject({ status: "good" });
    expect(row!.bytes_out).toBeGreaterThan(5 * 1024 * 1024);
    const [offsite] = await db().query<{ done_kind: string }>("select done_kind from items where key = 'backups-nightly'");
    expect(offsite!.done_kind).toBe("verified");

    clock.advance(60_000);
    await sh.run("backup drill");
    await settleBackground();
    const [drill] = await db().query<{ status: string; error: string | null }>("select status, error from backup_drills");
    expect(drill).toEqual({ status: "passed", error: null });

    clock.set("2026-11-23T02:00:00Z");
    await sh.run("backup now");
    await settleBackground();
    clock.set("2026-11-24T02:00:00Z");
    expect((await sh.run("backup prune --dry-run")).text).toMatch(/Would delete nothing\.[\s\S]*backup 1 .*latest passed drill/);
    await sh.run("backup now");
    await settleBackground();
    // keep daily=1: the newest backup, and the one whose drill passed last, stay.
    expect(await keys()).toEqual([
      "golive/s3shop/s3shop-20261122T020000Z-1.dump.zst.gpg",
      "golive/s3shop/s3shop-20261122T020000Z-1.dump.zst.gpg.manifest.json",
      "golive/s3shop/s3shop-20261124T020000Z-3.dump.zst.gpg",
      "golive/s3shop/s3shop-20261124T020000Z-3.dump.zst.gpg.manifest.json",
    ]);
    expect(await db().query("select id, status from backups order by id")).toEqual([
      { id: 1, status: "good" },
      { id: 2, status: "pruned" },
      { id: 3, status: "good" },
    ]);
  });

  it("aborts the multipart upload when the server goes away mid-upload: a failed run, no object", async () => {
    const { services, dir } = await setUp();
    const launch = (await launchesRepo.byName(db(), "s3shop"))!;
    const policy = launch.settings.backup as Record<string, unknown>;
    await launchesRepo.update(db(), launch.id, { settings: { ...launch.settings, backup: { ...policy, destinations: [...(policy.destinations as unknown[]), { kind: "file", path: dir }] } } });
    const both = (await launchesRepo.byName(db(), "s3shop"))!;
    let stopped = false;
    const run = runBackup(db(), both, {
      actor: { id: "rita", surface: "shell" },
      now: services.clock.now(),
      jobRunId: null,
      progressEveryMs: 0,
      observe: ({ bytesOut }) => {
        if (!stopped && bytesOut > 6 * 1024 * 1024) {
          stopped = true;
          stopS3Now();
        }
      },
    });
    await expect(run).rejects.toThrow(/backup 1 failed: /);
    expect(stopped).toBe(true);
    const [row] = await db().query<{ status: string; error: string }>("select status, error from backups");
    expect(row!.status).toBe("failed");
    expect(await readdir(dir)).toEqual([]);
    await startS3(s3!.directory);
    expect(await keys()).toEqual([]);
  });
});
