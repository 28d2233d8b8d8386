"use client";

import { useCallback, useTransition } from "react";
import { fail, type Failure } from "@/lib/result/result";
import { useHydrated } from "./use-hydrated";

/** Any action's answer: a value, or why not. */
type Answer = { ok: true } | { ok: false; error: Failure };

/** The request never got an answer: offline, the server down, or a page from an older release. */
export interface Unreached {
  kind: "network";
  message: string;
}

/**
 * Calls a server action from the browser. A fetch that fails becomes a failure value, never a
 * throw: the component shows `Could not reach the Metadeck server.` and what that means for the
 * person (`outcome`, e.g. "Nothing was saved.").
 */
async function callAction<R extends Answer>(
  call: () => Promise<R>,
  outcome: string,
): Promise<R | { ok: false; error: Unreached }> {
  try {
    return await call();
  } catch {
    return fail<Unreached>({
      kind: "network",
      message: `Could not reach the Metadeck server. ${outcome}`.trim(),
    });
  }
}

/**
 * The one way components call server actions: `run(call, then)` calls the action as a React
 * transition (so `pending` is true until `then` has run) and hands `then` its answer, or the
 * failure value of a fetch that failed. `disabled` is also true before the page is hydrated,
 * when a click would be lost.
 */
export function useAction(outcome: string) {
  const [pending, startTransition] = useTransition();
  const hydrated = useHydrated();
  const run = useCallback(
    <R extends Answer>(
      call: () => Promise<R>,
      then: (answer: R | { ok: false; error: Unreached }) => void,
    ) =>
      startTransition(async () => {
        then(await callAction(call, outcome));
      }),
    [outcome],
  );
  return { pending, disabled: pending || !hydrated, run };
}
