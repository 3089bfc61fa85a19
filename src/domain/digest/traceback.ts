// Python tracebacks as Django and gunicorn log them: frames, then the exception line.
// With chained exceptions ("During handling of the above exception…") the last one wins,
// which is the one that reached the handler.
import type { StackFrame } from "./records.js";

const FRAME = /^\s*File "([^"]+)", line (\d+), in (.+)$/;
const EXCEPTION = /^([A-Za-z_][\w.]*)(?:: (.*))?$/;
const LIBRARY = /(?:site-packages|dist-packages|\/lib\/python\d[\d.]*\/|<frozen |\/usr\/lib\/)/;

export interface ParsedTraceback {
  frames: StackFrame[];
  type: string | null;
  value: string | null;
}

export function isTracebackStart(line: string): boolean {
  return line.startsWith("Traceback (most recent call last):");
}

/** Frames and the final exception of the traceback lines (other lines are ignored). */
export function parseTraceback(lines: readonly string[]): ParsedTraceback {
  let frames: StackFrame[] = [];
  let type: string | null = null;
  let value: string | null = null;
  let inTrace = false;
  for (const line of lines) {
    if (isTracebackStart(line)) {
      frames = [];
      inTrace = true;
      continue;
    }
    if (!inTrace) continue;
    const frame = FRAME.exec(line);
    if (frame) {
      const file = frame[1]!;
      frames.push({ file, line: Number(frame[2]), function: frame[3]!.trim(), inApp: !LIBRARY.test(file) });
      continue;
    }
    if (line.startsWith(" ") || line.startsWith("\t")) continue;
    const exception = EXCEPTION.exec(line.trimEnd());
    if (exception) {
      type = exception[1]!;
      value = exception[2] ?? "";
      inTrace = false;
    }
  }
  return { frames, type, value };
}

/** The innermost frame of the application's own code (else the innermost frame). */
export function topInAppFrame(frames: readonly StackFrame[]): StackFrame | null {
  for (let i = frames.length - 1; i >= 0; i--) if (frames[i]!.inApp) return frames[i]!;
  return frames.at(-1) ?? null;
}
