/**
 * What an operation that can fail in an expected way returns: its value, or why not, as data.
 * Clerk calls, domain operations and server actions all answer in this one shape.
 */
export type Result<T, E> = { ok: true; value: T } | { ok: false; error: E };

/** The least every expected failure carries: a kind to branch on and a message for a person. */
export interface Failure {
  kind: string;
  message: string;
}

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function fail<E>(error: E): { ok: false; error: E } {
  return { ok: false, error };
}
