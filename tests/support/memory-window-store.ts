import type { CallWindowStore, WindowTake } from "@/lib/scheduling/call-budget";

/** A call window store for one process (tests). */
export class MemoryWindowStore implements CallWindowStore {
  private readonly slots = new Map<string, Map<number, number>>();

  async take({
    key,
    now,
    windowMs,
    slotMs,
    cap,
    calls,
    atLeast,
  }: Parameters<CallWindowStore["take"]>[0]): Promise<WindowTake> {
    const slots = this.slots.get(key) ?? new Map<number, number>();
    this.slots.set(key, slots);
    const oldestCounted = now - windowMs - slotMs;
    let used = 0;
    let oldest = Number.POSITIVE_INFINITY;
    for (const [start, count] of slots) {
      if (start <= oldestCounted) {
        slots.delete(start);
        continue;
      }
      used += count;
      oldest = Math.min(oldest, start);
    }
    const taken = Math.min(calls, cap - used);
    if (taken < atLeast) return { retryAt: oldest + windowMs + slotMs };
    const slot = now - (now % slotMs);
    slots.set(slot, (slots.get(slot) ?? 0) + taken);
    return { taken };
  }
}
