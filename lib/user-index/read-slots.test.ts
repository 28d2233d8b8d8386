import { afterEach, describe, expect, it, vi } from "vitest";
import { IndexReadSlots } from "./read-slots";

describe("IndexReadSlots", () => {
  afterEach(() => vi.useRealTimers());

  it("runs two reads of a session at once, lets two more wait, and refuses the fifth", async () => {
    const slots = new IndexReadSlots({ perPerson: 2, waitingPerPerson: 2, waitMs: 10_000 });
    const first = await slots.take("s1");
    const second = await slots.take("s1");
    expect(first).not.toBeNull();
    expect(second).not.toBeNull();
    const third = slots.take("s1");
    const fourth = slots.take("s1");
    await expect(slots.take("s1")).resolves.toBeNull();
    // Another session is not held up by the first one's reads.
    await expect(slots.take("s2")).resolves.not.toBeNull();
    first!();
    const thirdRelease = await third;
    expect(thirdRelease).not.toBeNull();
    expect(slots.running("s1")).toBe(2);
    second!();
    second!(); // twice gives back one slot only
    const fourthRelease = await fourth;
    expect(fourthRelease).not.toBeNull();
    thirdRelease!();
    fourthRelease!();
    expect(slots.running("s1")).toBe(0);
  });

  it("gives up a wait after waitMs, leaving the queue to the others", async () => {
    vi.useFakeTimers();
    const slots = new IndexReadSlots({ perPerson: 1, waitingPerPerson: 1, waitMs: 2_000 });
    const held = await slots.take("s1");
    const waiting = slots.take("s1");
    await vi.advanceTimersByTimeAsync(2_000);
    await expect(waiting).resolves.toBeNull();
    // The place it left is free again.
    const next = slots.take("s1");
    held!();
    await expect(next).resolves.not.toBeNull();
  });
});
