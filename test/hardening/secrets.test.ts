import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { connectionSecrets, redactUrl } from "../../src/log.js";

const bin = new URL("../../bin/golive.js", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "golive-secrets-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Every form pg (pg-connection-string) accepts, plus libpq's key=value form.
const forms: [string, string][] = [
  ["postgres://u:S3cretPw@127.0.0.1:1/db", "S3cretPw"],
  ["postgres://u:S3cretPw@@127.0.0.1:1/db", "S3cretPw@"],
  ["postgres://u:S3c@ret@127.0.0.1:1/db", "S3c@ret"],
  ["postgres://u:S3c%40ret@127.0.0.1:1/db", "S3c@ret"],
  ["postgres://:pw2Secret@127.0.0.1:1/db", "pw2Secret"],
  ["postgres://127.0.0.1:1/db?password=pw1Secret", "pw1Secret"],
  ["postgres://u@127.0.0.1:1/db?application_name=x&password=pw1Secret&connect_timeout=5", "pw1Secret"],
  ["postgresql:///db?host=/tmp&password=pw5Secret", "pw5Secret"],
  ["socket:/var/run/postgresql?db=x&password=pw4Secret", "pw4Secret"],
  ["postgres://u@127.0.0.1:1/db?sslpassword=keyPassSecret", "keyPassSecret"],
  ["host=127.0.0.1 port=1 password=pw3Secret user=u", "pw3Secret"],
  ["host=127.0.0.1 password = 'a b\\'Secret' user=u", "a b'Secret"],
];

function golive(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    const child = execFile(
      process.execPath,
      [bin, ...args],
      { env: { PATH: process.env.PATH, HOME: dir, GOLIVE_DATA_DIR: join(dir, "data"), GOLIVE_USER: "rita", LOG_LEVEL: "silent", ...env }, cwd: dir },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end("");
  });
}

describe("connection strings in messages", () => {
  it.each(forms)("%s never shows its password", (connection, secret) => {
    expect(connectionSecrets(connection)).toContain(secret);
    const shown = redactUrl(connection);
    expect(shown).not.toContain(secret);
    expect(shown).not.toContain(encodeURIComponent(secret));
    for (const part of secret.split(/[@' ]/).filter((p) => p.length >= 3)) expect(shown).not.toContain(part);
    expect(shown).toContain("***");
  });

  it("keeps the user, host and database so the message is still useful", () => {
    expect(redactUrl("postgres://golive:S3c@ret@db.internal:5432/golive")).toBe("postgres://golive:***@db.internal:5432/golive");
    expect(redactUrl("postgres://db.internal/golive?password=x1y2z3&sslmode=require")).toBe("postgres://db.internal/golive?password=***&sslmode=require");
  });

  // The repro: the start-up error of a real golive process.
  it.each(forms.filter(([c]) => /@@|S3c@|:\/\/:|\?password=/.test(c)))("a golive that cannot connect with %s says so without the password", { timeout: 60_000 }, async (connection, secret) => {
    const out = await golive(["run", "status"], { DATABASE_URL: connection });
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/^golive: Cannot reach PostgreSQL/m);
    for (const part of [secret, ...secret.split(/[@' ]/).filter((p) => p.length >= 3)]) {
      expect(out.stderr).not.toContain(part);
      expect(out.stdout).not.toContain(part);
    }
  });
});
