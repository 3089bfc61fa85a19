// The aggregate's memory is bounded by design: distinct endpoints, error groups, samples and
// remembered paths are capped, and what is beyond a cap is still counted and reported.
import { describe, expect, it } from "vitest";
import { EXAMPLES_PER_KIND, MAX_ENDPOINTS, MAX_GROUPS, OTHER_ENDPOINT, SAMPLES_PER_GROUP, WindowAggregate } from "../../../src/domain/digest/aggregate.js";
import { normalizePath, PATH_CACHE_ENTRIES, PathNormalizer } from "../../../src/domain/digest/normalize.js";
import type { AccessRecord, ErrorRecord } from "../../../src/domain/digest/records.js";

const FROM = Date.UTC(2026, 10, 24);
const aggregate = () => new WindowAggregate({ from: FROM, to: FROM + 86_400_000, previousFrom: FROM - 86_400_000, bucketMs: 3_600_000 });
const request = (path: string, status = 200, latencyMs = 10): AccessRecord => ({ kind: "access", at: FROM + 1000, method: "GET", path, target: path, status, latencyMs });
const error = (type: string, message: string): ErrorRecord => ({ kind: "error", at: FROM + 1000, level: "ERROR", message, exceptionType: type, exceptionValue: message, frames: [], text: `${type}: ${message}` });
const letters = (n: number) => n.toString(26).replace(/./g, (c) => String.fromCharCode(97 + Number.parseInt(c, 26)));

describe("bounded aggregate", () => {
  it(`keeps ${MAX_ENDPOINTS} endpoints of their own and counts the rest as one "other" endpoint`, () => {
    const agg = aggregate();
    const extra = 250;
    // Word paths (no ids to normalize away): each one a distinct endpoint.
    for (let i = 0; i < MAX_ENDPOINTS + extra; i++) agg.addAccess(request(`/pages/${letters(i)}`, i >= MAX_ENDPOINTS ? 500 : 200));
    agg.addAccess(request("/pages/a", 502));
    const entries = new Map(agg.endpointEntries());
    expect(entries.size).toBe(MAX_ENDPOINTS + 1);
    const other = entries.get(OTHER_ENDPOINT)!;
    expect(other).toMatchObject({ requests: extra, s5xx: extra });
    expect(other.latency.count).toBe(extra);
    expect(entries.get("GET /pages/a")).toMatchObject({ requests: 2, s5xx: 1 });
    expect(agg.current.requests).toBe(MAX_ENDPOINTS + extra + 1);
    expect(OTHER_ENDPOINT).toBe("other endpoints (beyond the first 2,000)");
  });

  it("makes one endpoint of ids, uuids and numbered files, so real traffic stays far below the cap", () => {
    const agg = aggregate();
    for (let i = 0; i < 5_000; i++) {
      agg.addAccess(request(`/api/exams/${i}/stations/`));
      agg.addAccess(request(`/reports/${i}.pdf`));
    }
    expect([...agg.endpointEntries()].map(([e]) => e)).toEqual(["GET /api/exams/{id}/stations/", "GET /reports/{id}.pdf"]);
  });

  it(`keeps ${MAX_GROUPS} error groups and counts the errors of any further group`, () => {
    const agg = aggregate();
    for (let i = 0; i < MAX_GROUPS + 40; i++) {
      for (let n = 0; n < SAMPLES_PER_GROUP + 2; n++) agg.addError(error(`Error${letters(i)}`, `failed ${n}`), { file: "/var/log/app.log", line: i * 10 + n });
    }
    expect(agg.groups.size).toBe(MAX_GROUPS);
    expect(agg.otherErrors).toBe(40 * (SAMPLES_PER_GROUP + 2));
    for (const group of agg.groups.values()) {
      expect(group.count).toBe(SAMPLES_PER_GROUP + 2);
      expect(group.samples).toHaveLength(SAMPLES_PER_GROUP);
    }
  });

  it("keeps a few redacted examples per kind of sensitive data, however many are found", () => {
    const agg = aggregate();
    for (let i = 0; i < 100; i++) agg.addFindings([{ kind: "email", redacted: `u***@example.com ${i}` }], { file: "a.log", line: i });
    expect(agg.sensitive.get("email")).toMatchObject({ count: 100 });
    expect(agg.sensitive.get("email")!.examples).toHaveLength(EXAMPLES_PER_KIND);
  });
});

describe("path normalizer", () => {
  it("remembers the first paths it sees, up to its cap, and answers the same for any path", () => {
    const paths = new PathNormalizer();
    const many = Array.from({ length: PATH_CACHE_ENTRIES + 500 }, (_, i) => `/users/${i}/orders/9f1c0d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f`);
    for (const path of many) expect(paths.normalize(path)).toBe("/users/{id}/orders/{uuid}");
    expect((paths as unknown as { cache: Map<string, string> }).cache.size).toBe(PATH_CACHE_ENTRIES);
    for (const path of ["/", "/static/app.3f2a91c0.js", "/reports/17.pdf", many.at(-1)!]) expect(paths.normalize(path)).toBe(normalizePath(path));
    expect(normalizePath("/reports/17.pdf")).toBe("/reports/{id}.pdf");
  });
});
