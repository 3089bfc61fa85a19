import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { rechunk } from "../../../src/domain/backup/streams.js";

/** The chunks as the next stage receives them ('data' events; reading would join what is buffered). */
function through(chunks: Buffer[], bytes: number): Promise<Buffer[]> {
  const out: Buffer[] = [];
  const stage = Readable.from(chunks).pipe(rechunk(bytes));
  stage.on("data", (chunk: Buffer) => out.push(chunk));
  return new Promise((resolve, reject) => {
    stage.on("end", () => resolve(out));
    stage.on("error", reject);
  });
}

describe("rechunk", () => {
  it("joins small chunks into ones of at least the size asked, in order, losing nothing", async () => {
    const chunks = Array.from({ length: 25 }, (_, i) => Buffer.alloc(300, i));
    const out = await through(chunks, 1000);
    expect(out.map((c) => c.length)).toEqual([1200, 1200, 1200, 1200, 1200, 1200, 300]);
    expect(Buffer.concat(out)).toEqual(Buffer.concat(chunks));
  });

  it("passes a chunk already big enough as it is, and ends with nothing held", async () => {
    const big = Buffer.alloc(5000, 7);
    expect(await through([big], 1000)).toEqual([big]);
    expect(await through([], 1000)).toEqual([]);
  });
});
