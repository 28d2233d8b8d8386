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

/**
 * The system clock run faster: `scale` 0.1 makes ten seconds pass in one. What waits on windows,
 * leases and retry schedules behaves as at full speed, in a tenth of the time (tests).
 */
export function scaledClock(scale: number, origin = Date.now()): Clock {
  if (!(scale > 0 && scale <= 1)) throw new RangeError(`time scale ${scale} is not in (0, 1]`);
  return {
    now: () => origin + (Date.now() - origin) / scale,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms * scale))),
  };
}
