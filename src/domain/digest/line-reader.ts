// Splits a byte stream into lines without holding more than one chunk and one line:
// a line longer than the limit is reported and skipped, never buffered whole.
import { StringDecoder } from "node:string_decoder";

export const MAX_LINE_CHARS = 64 * 1024;

export interface LineHandler {
  line(text: string, lineNo: number): void;
  /** A line too long to be a log line (counted as malformed by the caller). */
  overlong(lineNo: number, length: number): void;
}

export async function forEachLine(chunks: AsyncIterable<Buffer | string>, handler: LineHandler, onBytes?: (bytes: number) => void): Promise<number> {
  const decoder = new StringDecoder("utf8");
  let pending = "";
  let overlongLength = 0;
  let lineNo = 0;
  const take = (text: string) => {
    lineNo++;
    if (overlongLength > 0) {
      handler.overlong(lineNo, overlongLength + text.length);
      overlongLength = 0;
      return;
    }
    const end = text.length > 0 && text.charCodeAt(text.length - 1) === 13 ? text.length - 1 : text.length;
    handler.line(end === text.length ? text : text.slice(0, end), lineNo);
  };
  for await (const chunk of chunks) {
    if (typeof chunk !== "string") onBytes?.(chunk.length);
    const text = typeof chunk === "string" ? chunk : decoder.write(chunk);
    let start = 0;
    let newline = text.indexOf("\n");
    if (newline >= 0 && pending.length > 0) {
      take(pending + text.slice(0, newline));
      pending = "";
      start = newline + 1;
      newline = text.indexOf("\n", start);
    }
    while (newline >= 0) {
      take(text.slice(start, newline));
      start = newline + 1;
      newline = text.indexOf("\n", start);
    }
    if (start < text.length) {
      if (overlongLength > 0) overlongLength += text.length - start;
      else {
        pending += text.slice(start);
        if (pending.length > MAX_LINE_CHARS) {
          overlongLength = pending.length;
          pending = "";
        }
      }
    }
  }
  const rest = pending + decoder.end();
  if (rest.length > 0 || overlongLength > 0) take(rest);
  return lineNo;
}
