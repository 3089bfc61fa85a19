// One small query interface over two engines: PostgreSQL (pg) and embedded PGlite.
export type Row = Record<string, unknown>;

export interface Queryable {
  query<T = Row>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Database extends Queryable {
  readonly engine: "postgres" | "pglite";
  /** Runs `fn` in one transaction; rolls back if it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const preparedTexts = new Set<string>();

/**
 * Marks a statement that every request runs: PostgreSQL keeps it prepared per connection (parsed
 * and planned once). Only for fixed texts, so the set stays small.
 */
export function prepared(sql: string): string {
  preparedTexts.add(sql);
  return sql;
}

export const isPrepared = (sql: string) => preparedTexts.has(sql);
