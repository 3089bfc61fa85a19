// One coded error for everything a user can get wrong. The message says what was
// wrong, the hint how to fix it; surfaces show both and never a stack trace.
export type ErrorCode =
  | "usage"
  | "invalid"
  | "not_found"
  | "ambiguous"
  | "forbidden"
  | "conflict"
  | "config";

export class GoliveError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly hint?: string,
    /** Extra lines shown to the user (e.g. the candidates of an ambiguous ref). */
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = "GoliveError";
  }
}

export const isGoliveError = (e: unknown): e is GoliveError => e instanceof GoliveError;
