import { describe, expect, it } from "vitest";
import { groupKeyOf } from "../../../src/domain/digest/fingerprint.js";
import { detectFormat } from "../../../src/domain/digest/formats.js";
import { normalizeMessage, normalizePath } from "../../../src/domain/digest/normalize.js";
import { parseAccessLine } from "../../../src/domain/digest/parse-access.js";
import { DEFAULT_FIELD_MAP, parseJsonLine } from "../../../src/domain/digest/parse-jsonl.js";
import { parseNginxErrorLine } from "../../../src/domain/digest/parse-nginx-error.js";
import { djangoHeader, gunicornHeader, pythonRecord } from "../../../src/domain/digest/parse-python.js";
import { luhnValid, redactLine, scanLine } from "../../../src/domain/digest/sensitive.js";
import { nextPageUrl } from "../../../src/domain/digest/sentry.js";
import { sparkline } from "../../../src/domain/digest/sparkline.js";
import { accessLine, djangoError, gunicornError, nginxError, TRACEBACK_VALUE_ERROR } from "./log-fixtures.js";

const options = { timezone: "Europe/London", latencyUnit: "s" as const, fields: DEFAULT_FIELD_MAP };
const T = new Date("2026-11-24T10:15:30Z");

describe("access lines (nginx/gunicorn combined)", () => {
  it("reads combined, with and without $request_time, and key=value timings", () => {
    const timed = parseAccessLine(accessLine(T, "POST", "/exams/12/submit/?draft=1", 502, 1.234));
    expect(timed).toEqual({ kind: "access", at: T.getTime(), method: "POST", path: "/exams/12/submit/", target: "/exams/12/submit/?draft=1", status: 502, latencyMs: 1234 });
    expect(parseAccessLine(accessLine(T, "GET", "/", 200, null))?.latencyMs).toBeNull();
    const pairs = `${accessLine(T, "GET", "/health/", 200, null)} rt=0.012 uct="0.000" urt="0.010"`;
    expect(parseAccessLine(pairs)?.latencyMs).toBeCloseTo(12);
    expect(parseAccessLine('10.0.0.1 - - [24/Nov/2026:10:15:30 +0100] "GET / HTTP/1.1" 200 5 "-" "curl"')?.at).toBe(T.getTime() - 3_600_000);
  });

  it("refuses what is not a combined line", () => {
    for (const line of ["", "garbage", "\u0000\u0001\u0002", '1.2.3.4 - - [99/Foo/2026:10:15:30 +0000] "GET / HTTP/1.1" 200 5 "-" "-"', '1.2.3.4 - - [24/Nov/2026:10:15:30 +0000] "GET / HTTP/1.1" abc 5']) {
      expect(parseAccessLine(line)).toBeNull();
    }
  });
});

describe("error logs", () => {
  it("reads gunicorn's header and the traceback after 'Error handling request'", () => {
    const [header, ...rest] = gunicornError(T, "/exams/12/submit/");
    const h = gunicornHeader(header!);
    expect(h).toEqual({ at: T.getTime(), level: "ERROR", message: "Error handling request /exams/12/submit/" });
    const record = pythonRecord(h!, [header!, ...rest]);
    expect(record.exceptionType).toBe("ValueError");
    expect(record.exceptionValue).toBe("invalid literal for int() with base 10: 'abc'");
    expect(record.frames.filter((f) => f.inApp).map((f) => `${f.file}:${f.function}`)).toEqual(["/srv/osce/exams/views.py:submit"]);
  });

  it("reads Django's verbose and bracketed layouts in the launch's timezone", () => {
    const [header] = djangoError(T, "/x/");
    // London is on GMT in November: local 10:15:30 is 10:15:30Z.
    expect(djangoHeader(header!, "Europe/London")).toMatchObject({ at: T.getTime(), level: "ERROR" });
    expect(djangoHeader("[2026-07-01 10:00:00,001] ERROR [django.request:241] Internal Server Error: /x/", "Europe/London")?.at).toBe(Date.parse("2026-07-01T09:00:00Z"));
  });

  it("reads nginx's error log", () => {
    const record = parseNginxErrorLine(nginxError(T, "connect() failed (111: Connection refused) while connecting to upstream"), "UTC");
    expect(record).toMatchObject({ level: "ERROR", message: "connect() failed (111: Connection refused) while connecting to upstream", at: T.getTime() });
  });

  it("reads JSON lines with mapped (nested) fields", () => {
    const fields = { ...DEFAULT_FIELD_MAP, time: "ts", status: "http.status", path: "http.path", latency: "duration_ms" };
    const request = parseJsonLine(JSON.stringify({ ts: T.toISOString(), http: { status: 503, path: "/api/x?id=1", method: "GET" }, duration_ms: 87 }), fields, "ms");
    expect(request).toMatchObject({ kind: "access", status: 503, path: "/api/x", latencyMs: 87 });
    const error = parseJsonLine(JSON.stringify({ ts: T.getTime() / 1000, level: "error", message: "boom", exception: TRACEBACK_VALUE_ERROR.join("\n") }), fields, "ms");
    expect(error).toMatchObject({ kind: "error", level: "ERROR", exceptionType: "ValueError", at: T.getTime() });
    expect(parseJsonLine("{not json", fields, "ms")).toBeNull();
  });

  it("detects the format of a file's first lines", () => {
    expect(detectFormat([accessLine(T, "GET", "/", 200)], ["access", "nginx-error", "gunicorn-error", "django", "jsonl"], options)).toBe("access");
    expect(detectFormat(gunicornError(T, "/x"), ["access", "gunicorn-error"], options)).toBe("gunicorn-error");
    expect(detectFormat(["hello world", "nothing here"], ["access", "django"], options)).toBeNull();
  });
});

describe("grouping and normalization", () => {
  it("strips ids, uuids and hex from paths", () => {
    expect(normalizePath("/users/123/orders/9f1c0d2e-8a4b-4c1d-9e2f-0a1b2c3d4e5f/")).toBe("/users/{id}/orders/{uuid}/");
    expect(normalizePath("/files/deadbeefcafe/raw")).toBe("/files/{hex}/raw");
    expect(normalizePath("/exams/")).toBe("/exams/");
  });

  it("groups the same error with different numbers as one, and keeps the in-app frame", () => {
    const [h1, ...t1] = gunicornError(T, "/exams/1/");
    const a = pythonRecord(gunicornHeader(h1!)!, [h1!, ...t1]);
    const b = { ...a, exceptionValue: "invalid literal for int() with base 10: 'xyz'" };
    expect(groupKeyOf(a).fingerprint).toBe(groupKeyOf(b).fingerprint);
    expect(groupKeyOf(a).culprit).toBe("/srv/osce/exams/views.py in submit");
    const elsewhere = { ...a, frames: a.frames.map((f) => (f.inApp ? { ...f, function: "grade" } : f)) };
    expect(groupKeyOf(elsewhere).fingerprint).not.toBe(groupKeyOf(a).fingerprint);
    expect(normalizeMessage("user 4821 not found at 0x7f3a9c and 10.0.0.5:5432")).toBe("user <n> not found at <hex> and <ip>");
  });
});

describe("sensitive data", () => {
  it("finds e-mails, bearer tokens, API keys, secrets and session ids in URLs, and Luhn-valid cards", () => {
    const line = accessLine(T, "GET", "/login/?email=jane.doe@example.com&password=hunter2&sessionid=abc123def", 200);
    const kinds = scanLine(line).map((f) => f.kind).sort();
    expect(kinds).toEqual(["email", "query-secret", "session-url"]);
    expect(scanLine("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig")[0]).toEqual({ kind: "bearer", redacted: "Bearer eyJh…[redacted]" });
    expect(scanLine("key AKIAIOSFODNN7EXAMPLE used")[0]?.kind).toBe("api-key");
    expect(scanLine("card 4111 1111 1111 1111 charged")).toEqual([{ kind: "card", redacted: "**** **** **** 1111" }]);
    expect(scanLine("order 4111 1111 1111 1112")).toEqual([]);
    expect(luhnValid("79927398713")).toBe(true);
    expect(scanLine(accessLine(T, "GET", "/exams/12/", 200))).toEqual([]);
  });

  it("redacts every finding from a sample line", () => {
    const redacted = redactLine("GET /login/?email=jane@example.com&password=hunter2 card 4111-1111-1111-1111");
    expect(redacted).not.toMatch(/hunter2|jane@|4111-1111-1111-1111/);
    expect(redacted).toContain("password=[redacted]");
  });
});

describe("small pieces", () => {
  it("draws a sparkline scaled to the peak", () => {
    expect(sparkline([0, 1, 2, 8])).toBe("▁▂▃█");
    expect(sparkline([0, 0])).toBe("▁▁");
  });

  it("follows Sentry's Link header while it says there are results", () => {
    const next = '<https://sentry.io/api/0/organizations/acme/issues/?cursor=0:0:1>; rel="previous"; results="false"; cursor="0:0:1", <https://sentry.io/api/0/organizations/acme/issues/?cursor=0:100:0>; rel="next"; results="true"; cursor="0:100:0"';
    expect(nextPageUrl(next)).toBe("https://sentry.io/api/0/organizations/acme/issues/?cursor=0:100:0");
    expect(nextPageUrl(next.replace('results="true"', 'results="false"'))).toBeNull();
    expect(nextPageUrl(null)).toBeNull();
  });
});
