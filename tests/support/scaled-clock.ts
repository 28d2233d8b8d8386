import type { Clock } from "@/lib/scheduling/clock";

/**
 * The system clock run faster: `scale` 0.1 makes ten seconds pass in one. What waits on windows,
 * leases and retry schedules behaves as at full speed, in a tenth of the time.
 */
export function scaledClock(scale: number, origin = Date.now()): Clock {
  if (!(scale > 0 && scale <= 1)) throw new RangeError(`time scale ${scale} is not in (0, 1]`);
  return {
    now: () => origin + (Date.now() - origin) / scale,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms * scale))),
  };
}
