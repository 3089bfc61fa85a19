// Finds the `manage.py check --deploy` report inside what CI prints around it:
// GitHub Actions puts a timestamp before every line of a downloaded log, docker
// compose puts `web-1  | ` before every line of a service, wrapper scripts print
// lines before and after. The per-line prefixes are stripped, then the report is
// what lies between its first heading and its closing `System check identified …` line.

const ANSI_ESCAPES = /\x1b\[[0-9;]*[A-Za-z]/g;
/** `2024-05-14T09:21:07.4571239Z ` */
const GITHUB_ACTIONS_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z ?/;
/** `web-1  | `, `shop-web-1  | ` (compose v2), `web_1  | ` (v1); an empty line may lose the space after the bar. */
const COMPOSE_PREFIX = /^[A-Za-z0-9][\w.-]*[-_]\d+\s+\|(?: |$)/;

export const REPORT_START = /^(?:(?:SystemCheckError: )?System check identified some issues:|(?:CRITICALS|ERRORS|WARNINGS|INFOS|DEBUGS):)$/;
export const REPORT_END = /^System check identified (no issues|1 issue|(\d+) issues) \((\d+) silenced\)\.$/;

export const LOOKED_FOR =
  "looked for 'SystemCheckError:', 'System check identified some issues:', 'WARNINGS:' or 'ERRORS:' and the closing 'System check identified … (N silenced).' line, after removing GitHub Actions timestamps and docker compose 'web-1  | ' prefixes";

export interface ReportLines {
  /** The report's lines, prefixes removed. */
  lines: string[];
  /** The 1-based line of the input each one came from, so errors name the line people see. */
  lineNumbers: number[];
}

export type FindReportResult = { ok: true; report: ReportLines } | { ok: false; error: string; line?: number; text?: string };

interface LogLine {
  text: string;
  /** The docker compose service that printed it (`web-1`), if any. */
  service: string | null;
  lineNumber: number;
}

function readLine(raw: string, index: number): LogLine {
  const withoutTime = raw.replace(GITHUB_ACTIONS_TIMESTAMP, "");
  const service = COMPOSE_PREFIX.exec(withoutTime);
  return {
    text: service ? withoutTime.slice(service[0].length) : withoutTime,
    service: service ? (service[0].split(/\s|\|/)[0] ?? null) : null,
    lineNumber: index + 1,
  };
}

export function findCheckDeployReport(output: string): FindReportResult {
  const log = output.replace(ANSI_ESCAPES, "").replace(/\r\n?/g, "\n").split("\n").map(readLine);
  const isStart = (line: LogLine) => REPORT_START.test(line.text.trimEnd());
  const startIndex = log.findIndex(isStart);
  // Other compose services keep logging while the check runs: only the lines of the one that printed the report count.
  const service = startIndex === -1 ? null : log[startIndex]!.service;
  const ours = startIndex === -1 ? log : log.slice(startIndex).filter((line) => line.service === service);
  const end = ours.findIndex((line) => REPORT_END.test(line.text.trimEnd()));
  if (startIndex === -1 && end === -1) {
    return { ok: false, error: `no check --deploy report found: ${LOOKED_FOR}` };
  }
  if (end === -1) {
    const start = log[startIndex]!;
    return {
      ok: false,
      error: `the report that starts on line ${start.lineNumber} has no closing 'System check identified N issues (M silenced).' line; the log looks cut off`,
      line: start.lineNumber,
      text: start.text,
    };
  }
  // Without a heading, the report is only its closing line: a clean one.
  const report = startIndex === -1 ? [ours[end]!] : ours.slice(0, end + 1);
  return { ok: true, report: { lines: report.map((line) => line.text), lineNumbers: report.map((line) => line.lineNumber) } };
}
