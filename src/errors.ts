// One coded error for everything a user can get wrong. The message says what was
// wrong, the hint how to fix it; surfaces show both and never a stack trace.
export type ErrorCode =
  | "usage"
  | "invalid"
  | "not_found"
  | "ambiguous"
  | "forbidden"
  | "conflict"
  | "config"
  | "unavailable";

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

/** The one answer when the database does not answer in time (or is down): nothing was changed. */
export const databaseNotAnswering = (message = "The database is not answering; nothing was changed.") =>
  new GoliveError("unavailable", message, "Try again in a moment; if it keeps failing, tell whoever runs golive that its database is down or stalled.");

export const isGoliveError = (e: unknown): e is GoliveError => e instanceof GoliveError;
