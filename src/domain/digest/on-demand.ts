// `digest` on demand. A small window is answered directly; a big one is answered at once
// and built in the background, with its progress kept updated in place in the conversation
// and the digest posted there when done (all through the outbox).
import type { Logger } from "../../log.js";
import type { Reply } from "../../render/reply.js";
import type { Database } from "../../storage/database.js";
import { digestRepo } from "../../storage/digest-repo.js";
import { type OutboxSurface, outboxRepo } from "../../storage/outbox-repo.js";
import { GoliveError } from "../../errors.js";
import type { Clock } from "../../clock.js";
import type { Launch } from "../launches/types.js";
import { type DigestDeps, logSourceSpec, makeDigest } from "./build.js";
import { digestReply } from "./digest-reply.js";
import { SourceReader } from "./read-files.js";
import { WindowAggregate } from "./aggregate.js";
import { bucketMsOf, type DigestWindow } from "./window.js";

/** Above this many bytes to read, chat gets an answer at once and the digest follows. */
export const BACKGROUND_ABOVE_BYTES = 64 * 1024 * 1024;

/** How many bytes the log sources would read for a window (files are opened and closed again). */
export async function bytesToRead(db: Database, launch: Launch, window: DigestWindow): Promise<number> {
  const sources = await digestRepo.sources(db, launch.id);
  const length = window.to.getTime() - window.from.getTime();
  const aggregate = new WindowAggregate({ from: window.from.getTime(), to: window.to.getTime(), previousFrom: window.from.getTime() - length, bucketMs: bucketMsOf(window) });
  let total = 0;
  for (const source of sources) {
    if (source.kind !== "logs") continue;
    const reader = new SourceReader(logSourceSpec(source, launch.timezone), aggregate);
    const { planned, bytes } = await reader.plan();
    for (const p of planned) await p.file.handle.close();
    total += bytes;
  }
  return total;
}

const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(bytes < 10 * 1_048_576 ? 1 : 0)} MB`;

function progressReply(launch: Launch, done: number, total: number, label: string): Reply {
  const summary = `Digest of ${launch.name}: reading the logs, ${mb(done)} of ${mb(total)}`;
  return { ok: true, visibility: "public", summary, blocks: [{ kind: "progress", label: `${label}: ${mb(done)} of ${mb(total)}`, done: Math.round(done / 1024), total: Math.max(1, Math.round(total / 1024)) }] };
}

export interface BackgroundDigest {
  db: Database;
  log: Logger;
  clock: Clock;
  launch: Launch;
  window: DigestWindow;
  target: { surface: OutboxSurface; conversation: string };
  deps: DigestDeps;
  label: string;
}

/** Builds the digest, posting progress (every 10 %) and then the digest to the conversation. */
export async function runDigestInBackground(job: BackgroundDigest): Promise<void> {
  const { db, launch, target, clock } = job;
  const updateKey = `digest-progress-${job.window.from.getTime()}-${job.window.to.getTime()}-${clock.now().getTime()}`;
  const post = (kind: "post" | "update", payload: Reply) =>
    outboxRepo.enqueue(db, { launchId: launch.id, ...target, kind, updateKey: kind === "update" ? updateKey : null, payload, at: clock.now() });
  let lastStep = -1;
  const onProgress = (done: number, total: number) => {
    const step = total > 0 ? Math.floor((done / total) * 10) : 10;
    if (step === lastStep) return;
    lastStep = step;
    post("update", progressReply(launch, done, total, job.label)).catch((error) => job.log.warn({ err: error }, "digest progress could not be queued"));
  };
  try {
    const made = await makeDigest(db, launch, job.window, "on-demand", clock.now(), { ...job.deps, onProgress });
    await post("post", digestReply(made.report));
  } catch (error) {
    const message = error instanceof GoliveError ? `${error.message}${error.hint ? ` ${error.hint}` : ""}` : "golive failed while building the digest; see its log.";
    job.log.error({ err: error, launch: launch.name }, "on-demand digest failed");
    await post("post", { ok: false, visibility: "public", summary: `The digest of ${launch.name} failed: ${message}`, blocks: [{ kind: "text", text: `The digest of ${launch.name} (${job.label}) failed: ${message}` }] });
  }
}
