/** Time as the bulk runner sees it; tests pass a fake one that advances only when told. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

/** Sleeps, but wakes at once when the signal aborts; says whether the full time passed. */
export async function sleepUnlessAborted(
  clock: Clock,
  ms: number,
  signal?: AbortSignal,
): Promise<boolean> {
  if (signal?.aborted) return false;
  if (!signal) {
    await clock.sleep(ms);
    return true;
  }
  let onAbort = () => {};
  const aborted = new Promise<void>((resolve) => {
    onAbort = resolve;
    signal.addEventListener("abort", onAbort, { once: true });
  });
  await Promise.race([clock.sleep(ms), aborted]);
  signal.removeEventListener("abort", onAbort);
  return !signal.aborted;
}
