import { afterEach, describe, expect, it, vi } from "vitest";
import { IndexReadSlots } from "./read-slots";

const LIMITS = {
  perPerson: 1,
  waitingPerPerson: 2,
  waitMs: 10_000,
  heavyLanes: 1,
  heavyForMs: 60_000,
};

describe("IndexReadSlots", () => {
  afterEach(() => vi.useRealTimers());

  it("runs two reads of a session at once, lets two more wait, and refuses the fifth", async () => {
    const slots = new IndexReadSlots({ ...LIMITS, perPerson: 2, waitingPerPerson: 2 });
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
    const slots = new IndexReadSlots({ ...LIMITS, waitingPerPerson: 1, waitMs: 2_000 });
    const held = await slots.take("s1");
    const waiting = slots.take("s1");
    await vi.advanceTimersByTimeAsync(2_000);
    await expect(waiting).resolves.toBeNull();
    // The place it left is free again.
    const next = slots.take("s1");
    held!();
    await expect(next).resolves.not.toBeNull();
  });

  it("lets people whose reads went over budget share one lane, leaving the rest to everyone else", async () => {
    let now = 1_000_000;
    const slots = new IndexReadSlots(LIMITS, () => now);
    for (const heavy of ["h1", "h2", "h3"]) slots.overBudget(heavy);
    const first = await slots.take("h1");
    expect(first).not.toBeNull();
    // Two more heavy people wait for the lane, each within their own one running read.
    const second = slots.take("h2");
    const third = slots.take("h3");
    let settled = 0;
    void second.then(() => settled++);
    void third.then(() => settled++);
    // Everyone else is not held up by them.
    const light = await slots.take("l1");
    expect(light).not.toBeNull();
    await Promise.resolve();
    expect(settled).toBe(0);
    first!();
    const secondRelease = await second;
    expect(secondRelease).not.toBeNull();
    expect(settled).toBe(1);
    secondRelease!();
    (await third)!();
    light!();
    // A minute later they are like everyone else again.
    now += 60_000;
    const again = await Promise.all(["h1", "h2"].map((person) => slots.take(person)));
    expect(again.every((release) => release !== null)).toBe(true);
  });

  it("gives a heavy person's lane wait up after waitMs, and their own slot back with it", async () => {
    vi.useFakeTimers();
    const slots = new IndexReadSlots({ ...LIMITS, waitMs: 2_000 });
    slots.overBudget("h1");
    slots.overBudget("h2");
    const held = await slots.take("h1");
    const waiting = slots.take("h2");
    await vi.advanceTimersByTimeAsync(2_000);
    await expect(waiting).resolves.toBeNull();
    expect(slots.running("h2")).toBe(0);
    held!();
  });
});
