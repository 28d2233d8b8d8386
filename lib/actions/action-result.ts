import type { Failure, Result } from "@/lib/result/result";

/**
 * Why an action refused before doing anything: no live session or the wrong role, bad input,
 * or too many requests (with how long to wait).
 */
export type RefusedFailure =
  | { kind: "forbidden" | "invalid"; message: string }
  | { kind: "rate_limited"; message: string; retryAfterSeconds: number };

/**
 * What every server action answers: its value, or why not. `E` adds the failures the action's
 * own work can end in (a conflict, Clerk's error, …).
 */
export type ActionResult<T, E extends Failure = never> = Result<T, RefusedFailure | E>;
