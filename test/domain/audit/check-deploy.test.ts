import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type CheckDeployReport, checkDeployResults, parseCheckDeploy } from "../../../src/domain/audit/check-deploy.js";

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/check-deploy/${name}`, import.meta.url), "utf8");

function parsed(text: string): CheckDeployReport {
  const outcome = parseCheckDeploy(text);
  if (!outcome.ok) throw new Error(outcome.error);
  return outcome.report;
}

describe("parseCheckDeploy on real outputs", () => {
  it("reads Django 3.2's default startproject warnings and a model warning with its hint", () => {
    const report = parsed(fixture("django-3.2-issues.txt"));
    expect(report).toMatchObject({ total: 8, silenced: 0, systemCheckError: false });
    expect(report.issues.map((issue) => issue.id)).toEqual([
      "security.W004",
      "security.W008",
      "security.W009",
      "security.W012",
      "security.W016",
      "security.W018",
      "security.W020",
      "models.W042",
    ]);
    expect(report.issues[5]).toEqual({
      level: "warning",
      obj: "?",
      id: "security.W018",
      message: "You should not have DEBUG set to True in deployment.",
    });
    expect(report.issues[7]).toMatchObject({
      obj: "courses.Enrollment",
      hint: expect.stringMatching(/^Configure the DEFAULT_AUTO_FIELD setting/),
    });
  });

  it("reads clean outputs, with and without silenced checks", () => {
    expect(parsed(fixture("django-3.2-clean.txt"))).toEqual({ issues: [], total: 0, silenced: 0, systemCheckError: false });
    expect(parsed(fixture("django-5.1-clean.txt"))).toMatchObject({ issues: [], total: 0, silenced: 2 });
  });

  it("reads Django 4.2 output with a database warning and hint", () => {
    const report = parsed(fixture("django-4.2-issues.txt"));
    expect(report).toMatchObject({ total: 5, silenced: 1 });
    expect(report.issues[4]).toMatchObject({
      id: "mysql.W002",
      message: "MariaDB Strict Mode is not set for database connection 'default'",
      hint: expect.stringContaining("https://docs.djangoproject.com/en/4.2/ref/databases/#mysql-sql-mode"),
    });
  });

  it("reads a SystemCheckError report (--fail-level) with ERRORS before WARNINGS", () => {
    const report = parsed(fixture("django-4.2-fail-level-warning.txt"));
    expect(report.systemCheckError).toBe(true);
    expect(report.issues.map((issue) => `${issue.level} ${issue.id}`)).toEqual([
      "error security.E023",
      "warning security.W004",
      "warning security.W008",
      "warning security.W018",
    ]);
    expect(report.issues[0]?.hint).toMatch(/^Valid values are: no-referrer, /);
  });

  it("reads object prefixes other than '?' (admin classes, model fields)", () => {
    const errors = parsed(fixture("django-5.1-fail-level-errors.txt"));
    expect(errors.issues[0]).toMatchObject({ level: "error", obj: "<class 'shop.admin.ProductAdmin'>", id: "admin.E108" });
    const warnings = parsed(fixture("django-5.1-issues.txt"));
    expect(warnings.issues.at(-1)).toMatchObject({ obj: "lessons.Lesson.course", id: "fields.W342", hint: expect.any(String) });
  });

  it("joins multi-line messages and hints until the next entry", () => {
    const [custom] = parsed(fixture("django-5.1-issues.txt")).issues;
    expect(custom).toEqual({
      level: "warning",
      obj: "?",
      id: "core.W001",
      message: "Media storage is the local filesystem and MEDIA_ROOT is inside the container.\nUploaded files will be lost on the next deploy.",
      hint: "Use S3 storage (STORAGES['default']) or mount a volume at /app/media.\nSee docs/deploy.md#media",
    });
  });

  it("accepts Windows line endings, colour codes and an un-indented HINT", () => {
    const text = [
      "System check identified some issues:",
      "",
      "\x1b[33;1mWARNINGS:\x1b[0m",
      "\x1b[33;1m<django.db.backends.postgresql.base.DatabaseWrapper object at 0x7f3a2c1d5e50>: (pg.W001) Connection pooling is off.\x1b[0m",
      "HINT: Set CONN_MAX_AGE.",
      "?: An issue without an id.",
      "",
      "System check identified 2 issues (0 silenced).",
    ].join("\r\n");
    const report = parsed(text);
    expect(report.issues).toEqual([
      {
        level: "warning",
        obj: "<django.db.backends.postgresql.base.DatabaseWrapper object at 0x7f3a2c1d5e50>",
        id: "pg.W001",
        message: "Connection pooling is off.",
        hint: "Set CONN_MAX_AGE.",
      },
      { level: "warning", obj: "?", id: null, message: "An issue without an id." },
    ]);
  });
});

describe("parseCheckDeploy rejections", () => {
  it("names the line it cannot read", () => {
    const text = fixture("django-3.2-issues.txt").replace("WARNINGS:", "WARNINGS:\nTraceback (most recent call last):");
    expect(parseCheckDeploy(text)).toEqual({
      ok: false,
      line: 4,
      text: "Traceback (most recent call last):",
      error: expect.stringMatching(/^line 4: cannot read this line .*: "Traceback \(most recent call last\):"$/),
    });
  });


  it("rejects a count that does not match the issues", () => {
    const text = fixture("django-3.2-issues.txt").replace(/^\?: \(security\.W018\).*\n/m, "");
    expect(parseCheckDeploy(text)).toEqual({
      ok: false,
      error: "the output says 8 issue(s) but 7 were found; the paste looks incomplete or edited",
    });
  });

  it("rejects a report cut off before its closing count, naming where it starts", () => {
    const text = `$ ./deploy.sh\n${fixture("django-4.2-issues.txt").replace(/System check identified 5 issues.*\n/, "")}`;
    expect(parseCheckDeploy(text)).toEqual({
      ok: false,
      line: 2,
      text: "System check identified some issues:",
      error: "the report that starts on line 2 has no closing 'System check identified N issues (M silenced).' line; the log looks cut off",
    });
  });

  it("rejects a second report that starts before the first one closes", () => {
    const twice = fixture("django-4.2-fail-level-warning.txt").replace("\nWARNINGS:", "\nSystem check identified some issues:\nWARNINGS:");
    expect(parseCheckDeploy(twice)).toMatchObject({ ok: false, error: expect.stringContaining("a second report starts here") });
  });

  it("refuses input holding no report, and says what it looked for", () => {
    for (const text of ["?: (security.W018) You should not have DEBUG set to True in deployment.\n", "Deploy finished.\n", ""]) {
      expect(parseCheckDeploy(text)).toEqual({
        ok: false,
        error:
          "no check --deploy report found: looked for 'SystemCheckError:', 'System check identified some issues:', 'WARNINGS:' or 'ERRORS:' and the closing 'System check identified … (N silenced).' line, after removing GitHub Actions timestamps and docker compose 'web-1  | ' prefixes",
      });
    }
  });
});

describe("parseCheckDeploy inside CI logs", () => {
  it("finds the report in a GitHub Actions log, every line timestamped, between the step's lines", () => {
    const report = parsed(fixture("github-actions-log.txt"));
    expect(report).toMatchObject({ total: 3, silenced: 0, systemCheckError: true });
    expect(report.issues.map((issue) => issue.id)).toEqual(["security.W004", "security.W018", "models.W042"]);
    expect(report.issues[2]?.hint).toMatch(/^Configure the DEFAULT_AUTO_FIELD setting .*BigAutoField'\.$/);
  });

  it("finds the report in docker compose output, prefixes and colours removed, other services' lines left out", () => {
    const report = parsed(fixture("docker-compose-log.txt"));
    expect(report).toMatchObject({ total: 2, silenced: 1, systemCheckError: false });
    expect(report.issues.map((issue) => [issue.id, issue.message.split(".")[0]])).toEqual([
      ["security.W012", "SESSION_COOKIE_SECURE is not set to True"],
      ["security.W016", "You have 'django"],
    ]);
  });

  it("finds a clean report among a wrapper script's lines", () => {
    expect(parsed(fixture("wrapper-script-log.txt"))).toEqual({ issues: [], total: 0, silenced: 0, systemCheckError: false });
  });

  it("names the line of the log, not of the report, when a line inside the report cannot be read", () => {
    const log = fixture("github-actions-log.txt").replace("Z WARNINGS:\n", "Z WARNINGS:\n2024-05-14T09:21:05.1900000Z Traceback (most recent call last):\n");
    expect(parseCheckDeploy(log)).toMatchObject({ ok: false, line: 11, text: "Traceback (most recent call last):" });
  });
});

describe("checkDeployResults", () => {
  it("fails every known security warning present in a 3.2 default project", () => {
    const results = checkDeployResults(parsed(fixture("django-3.2-issues.txt")));
    expect(results.map((result) => [result.id, result.status])).toEqual([
      ["check_deploy:clean", "fail"],
      ["check_deploy:W004", "fail"],
      ["check_deploy:W008", "fail"],
      ["check_deploy:W009", "fail"],
      ["check_deploy:W012", "fail"],
      ["check_deploy:W016", "fail"],
      ["check_deploy:W018", "fail"],
      ["check_deploy:W020", "fail"],
      ["check_deploy:models.W042", "fail"],
    ]);
    expect(results[6]?.summary).toBe("security.W018: You should not have DEBUG set to True in deployment.");
    expect(results[0]?.summary).toBe(
      "check --deploy identified 8 issue(s): security.W004, security.W008, security.W009, security.W012, security.W016, security.W018, security.W020, models.W042",
    );
  });

  it("passes the known checks a clean report does not mention", () => {
    const results = checkDeployResults(parsed(fixture("django-5.1-clean.txt")));
    expect(results.map((result) => result.status)).toEqual(Array(8).fill("pass"));
    expect(results[0]).toMatchObject({ id: "check_deploy:clean", summary: "check --deploy identified no issues (2 silenced)" });
    expect(results[6]).toMatchObject({ id: "check_deploy:W018", summary: "DEBUG is False (security.W018 not reported by check --deploy)" });
  });

  it("adds other ids, grouping repeats, and keeps hints as evidence", () => {
    const results = checkDeployResults(parsed(fixture("django-5.1-issues.txt")));
    const byId = Object.fromEntries(results.map((result) => [result.id, result]));
    expect(byId["check_deploy:W004"]?.status).toBe("pass");
    expect(byId["check_deploy:W012"]?.status).toBe("fail");
    expect(byId["check_deploy:W025"]).toMatchObject({ status: "fail", summary: expect.stringContaining("(2 times)") });
    expect(byId["check_deploy:fields.W342"]?.evidence["issues"]).toEqual([
      {
        level: "warning",
        obj: "lessons.Lesson.course",
        message: "Setting unique=True on a ForeignKey has the same effect as using a OneToOneField.",
        hint: "ForeignKey(unique=True) is usually better served by a OneToOneField.",
      },
    ]);
    expect(byId["check_deploy:clean"]?.status).toBe("fail");
    expect(Object.keys(byId)).toEqual([
      "check_deploy:clean",
      "check_deploy:W004",
      "check_deploy:W008",
      "check_deploy:W009",
      "check_deploy:W012",
      "check_deploy:W016",
      "check_deploy:W018",
      "check_deploy:W020",
      "check_deploy:core.W001",
      "check_deploy:W021",
      "check_deploy:W025",
      "check_deploy:staticfiles.W004",
      "check_deploy:fields.W342",
    ]);
  });

  it("fails errors from a SystemCheckError report", () => {
    const results = checkDeployResults(parsed(fixture("django-5.1-fail-level-errors.txt")));
    expect(results.find((result) => result.id === "check_deploy:E024")).toMatchObject({ status: "fail" });
    expect(results.find((result) => result.id === "check_deploy:W020")).toMatchObject({ status: "fail" });
  });
});
