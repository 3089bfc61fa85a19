// Where artifacts go: a local directory (temporary name, fsync, rename) or S3-compatible
// storage (a multipart upload completed only on success, aborted otherwise). Each
// artifact has its manifest beside it as `<name>.manifest.json`.
import { randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, open, rename, rm, unlink } from "node:fs/promises";
import { join } from "node:path";
import { PassThrough, type Readable, type Writable } from "node:stream";
import { createRequire } from "node:module";
import type * as S3Module from "@aws-sdk/client-s3";
import type { S3Client } from "@aws-sdk/client-s3";
import type * as S3Storage from "@aws-sdk/lib-storage";
import { GoliveError } from "../../errors.js";
import { type Destination, describeDestination } from "./policy.js";
import type { ArtifactLocation } from "./types.js";

// The AWS SDK loads on first use: most golive processes never back up to S3, and it costs 0.2 s at start.
const load = createRequire(import.meta.url);
type Sdk = Pick<typeof S3Module, "S3Client" | "HeadBucketCommand" | "PutObjectCommand" | "DeleteObjectsCommand" | "GetObjectCommand"> & Pick<typeof S3Storage, "Upload">;
let sdk: Sdk | undefined;
const aws = (): Sdk => {
  if (!sdk) {
    const { S3Client, HeadBucketCommand, PutObjectCommand, DeleteObjectsCommand, GetObjectCommand } = load("@aws-sdk/client-s3") as typeof S3Module;
    sdk = { S3Client, HeadBucketCommand, PutObjectCommand, DeleteObjectsCommand, GetObjectCommand, Upload: (load("@aws-sdk/lib-storage") as typeof S3Storage).Upload };
  }
  return sdk;
};

export const PARTIAL_SUFFIX = ".partial";
export const manifestName = (artifact: string) => `${artifact}.manifest.json`;
/** S3 multipart part size: the minimum S3 accepts; with two parts in flight, memory stays ~10 MiB per destination. */
export const S3_PART_SIZE = 5 * 1024 * 1024;

export interface S3Settings {
  endpoint?: string;
}

/** An S3 client with credentials from the standard AWS variables (never from golive's database). */
export function s3Client(settings: S3Settings): S3Client {
  const accessKeyId = process.env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) {
    throw new GoliveError(
      "config",
      "S3 destinations need AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in golive's environment; they are not set.",
      "Set both (and AWS_REGION, and AWS_SESSION_TOKEN for temporary credentials) where golive runs.",
    );
  }
  return new (aws().S3Client)({
    region: process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "us-east-1",
    endpoint: settings.endpoint,
    forcePathStyle: settings.endpoint !== undefined,
    credentials: { accessKeyId, secretAccessKey, sessionToken: process.env.AWS_SESSION_TOKEN },
    maxAttempts: 3,
    // A store that stops answering fails the backup instead of stalling it: no connection in
    // 10 s, or a socket idle for 30 s, is an error (retried, then the run fails).
    requestHandler: { connectionTimeout: 10_000, requestTimeout: 30_000 },
    // Checksums only where S3 requires them: the default trailing checksums (aws-chunked
    // bodies) are not understood by every S3-compatible store.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}

const s3Key = (d: Extract<Destination, { kind: "s3" }>, name: string) => (d.prefix ? `${d.prefix}/${name}` : name);

export function locationOf(d: Destination, name: string): ArtifactLocation {
  return { destination: describeDestination(d), uri: d.kind === "file" ? join(d.path, name) : `s3://${d.bucket}/${s3Key(d, name)}` };
}

/** Checks that golive can write there (a probe file, or the bucket answers); the message says how to fix it. */
export async function probeDestination(d: Destination, s3: S3Settings): Promise<void> {
  const where = describeDestination(d);
  if (d.kind === "file") {
    const probe = join(d.path, `.golive-probe-${randomBytes(4).toString("hex")}`);
    try {
      await mkdir(d.path, { recursive: true });
      await (await open(probe, "wx")).close();
      await unlink(probe);
    } catch (error) {
      throw new GoliveError("config", `golive cannot write to ${where}: ${(error as Error).message}.`, "Create the directory and let the user golive runs as write to it.");
    }
    return;
  }
  try {
    await s3Client(s3).send(new (aws().HeadBucketCommand)({ Bucket: d.bucket }));
  } catch (error) {
    if (error instanceof GoliveError) throw error;
    const name = (error as { name?: string }).name ?? "";
    throw new GoliveError(
      "config",
      `golive cannot reach the bucket of ${where}: ${name === "NotFound" ? "it does not exist" : (error as Error).message || name}.`,
      "Check the bucket name, --s3-endpoint and the AWS_* credentials.",
    );
  }
}

export interface ArtifactSink {
  location: ArtifactLocation;
  /** Receives the encrypted bytes; ended only by `commit`. */
  stream: Writable;
  /** After every stage succeeded: make the artifact durable under its final name, then write the manifest. */
  commit(manifestJson: string): Promise<void>;
  /** Something failed: remove the partial file / abort the upload (and undo a commit). */
  abort(): Promise<void>;
}

export async function openSink(d: Destination, name: string, s3: S3Settings): Promise<ArtifactSink> {
  return d.kind === "file" ? fileSink(d.path, name, locationOf(d, name)) : s3Sink(d, name, locationOf(d, name), s3);
}

/** fsync through a fresh descriptor: it flushes the file's (or directory's) data whoever wrote it. */
async function fsyncPath(path: string, flags: "r" | "r+") {
  const handle = await open(path, flags);
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function writeDurably(path: string, text: string) {
  const temp = `${path}${PARTIAL_SUFFIX}`;
  const handle = await open(temp, "w");
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, path);
}

async function fileSink(dir: string, name: string, location: ArtifactLocation): Promise<ArtifactSink> {
  await mkdir(dir, { recursive: true });
  const final = join(dir, name);
  const temp = `${final}${PARTIAL_SUFFIX}`;
  const stream = createWriteStream(temp, { flags: "wx" });
  await new Promise<void>((resolve, reject) => {
    stream.once("open", () => resolve());
    stream.once("error", reject);
  });
  let committed = false;
  return {
    location,
    stream,
    async commit(manifestJson) {
      await new Promise<void>((resolve, reject) => {
        stream.once("error", reject);
        stream.once("close", resolve);
        stream.end();
      });
      await fsyncPath(temp, "r+");
      await rename(temp, final);
      await writeDurably(join(dir, manifestName(name)), manifestJson);
      await fsyncPath(dir, "r");
      committed = true;
    },
    async abort() {
      stream.destroy();
      await rm(temp, { force: true });
      if (committed) await deleteFiles(dir, name);
    },
  };
}

async function deleteFiles(dir: string, name: string) {
  await rm(join(dir, name), { force: true });
  await rm(join(dir, manifestName(name)), { force: true });
}

function s3Sink(d: Extract<Destination, { kind: "s3" }>, name: string, location: ArtifactLocation, settings: S3Settings): ArtifactSink {
  const client = s3Client(settings);
  const body = new PassThrough({ highWaterMark: 1024 * 1024 });
  const key = s3Key(d, name);
  const upload = new (aws().Upload)({ client, params: { Bucket: d.bucket, Key: key, Body: body }, partSize: S3_PART_SIZE, queueSize: 2, leavePartsOnError: false });
  // The upload runs as the body is written; its outcome is awaited on commit. Until the
  // body ends, the multipart upload cannot complete.
  const done = upload.done();
  // An upload that fails stops reading the body: fail the body too, so the pipeline stops
  // instead of waiting for a drain that never comes.
  done.catch((error: Error) => body.destroy(error));
  let committed = false;
  return {
    location,
    stream: body,
    async commit(manifestJson) {
      body.end();
      await done;
      await client.send(new (aws().PutObjectCommand)({ Bucket: d.bucket, Key: manifestName(key), Body: manifestJson, ContentType: "application/json" }));
      committed = true;
    },
    async abort() {
      body.destroy();
      await upload.abort().catch(() => {});
      await done.catch(() => {});
      if (committed) await deleteS3(client, d.bucket, key).catch(() => {});
    },
  };
}

async function deleteS3(client: S3Client, bucket: string, key: string) {
  await client.send(new (aws().DeleteObjectsCommand)({ Bucket: bucket, Delete: { Objects: [{ Key: key }, { Key: manifestName(key) }] } }));
}

function parseS3Uri(uri: string): { bucket: string; key: string } {
  const m = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!m) throw new Error(`not an S3 location: ${uri}`);
  return { bucket: m[1]!, key: m[2]! };
}

/** The artifact's bytes, streamed. */
export async function readArtifact(location: ArtifactLocation, settings: S3Settings): Promise<Readable> {
  if (!location.uri.startsWith("s3://")) {
    const stream = createReadStream(location.uri);
    await new Promise<void>((resolve, reject) => {
      stream.once("open", () => resolve());
      stream.once("error", reject);
    });
    return stream;
  }
  const { bucket, key } = parseS3Uri(location.uri);
  const answer = await s3Client(settings).send(new (aws().GetObjectCommand)({ Bucket: bucket, Key: key }));
  return answer.Body as Readable;
}

/** Removes an artifact and its manifest (retention). */
export async function deleteArtifact(location: ArtifactLocation, settings: S3Settings): Promise<void> {
  if (!location.uri.startsWith("s3://")) {
    const slash = location.uri.lastIndexOf("/");
    await deleteFiles(location.uri.slice(0, slash), location.uri.slice(slash + 1));
    return;
  }
  const { bucket, key } = parseS3Uri(location.uri);
  await deleteS3(s3Client(settings), bucket, key);
}
