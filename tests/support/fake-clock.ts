import type { Clock } from "@/lib/scheduling/clock";

/**
 * Virtual time for tests: `sleep` moves the clock forward instead of waiting, so pacing that
 * would take minutes is checked in milliseconds, and exactly.
 */
export class FakeClock implements Clock {
  constructor(private time = 0) {}

  now(): number {
    return this.time;
  }

  async sleep(ms: number): Promise<void> {
    this.time += Math.max(0, ms);
  }

  advance(ms: number): void {
    this.time += ms;
  }
}
