import { describe, expect, it } from "vitest";
import { TurnQueue } from "./turn-queue";

function queueWithManualSchedule() {
  const pending: (() => void)[] = [];
  const queue = new TurnQueue((next) => pending.push(next));
  const runScheduled = () => pending.splice(0).forEach((next) => next());
  return { queue, runScheduled };
}

describe("TurnQueue", () => {
  it("gives turns one at a time, in the order asked, each after the previous is done", () => {
    const { queue, runScheduled } = queueWithManualSchedule();
    const [a, b, c] = [Symbol("a"), Symbol("b"), Symbol("c")];
    queue.join(a);
    queue.join(b);
    queue.join(c);
    expect([queue.hasTurn(a), queue.hasTurn(b), queue.hasTurn(c)]).toEqual([true, false, false]);
    queue.done(a);
    // The next waits for the schedule (the next paint, in the browser).
    expect(queue.hasTurn(b)).toBe(false);
    runScheduled();
    expect([queue.hasTurn(a), queue.hasTurn(b), queue.hasTurn(c)]).toEqual([true, true, false]);
    queue.done(b);
    runScheduled();
    expect(queue.hasTurn(c)).toBe(true);
  });

  it("moves on when the member holding the turn leaves, and forgets a waiting member that leaves", () => {
    const { queue, runScheduled } = queueWithManualSchedule();
    const [a, b, c] = [Symbol("a"), Symbol("b"), Symbol("c")];
    queue.join(a);
    queue.join(b);
    queue.join(c);
    queue.leave(b);
    queue.leave(a);
    runScheduled();
    expect(queue.hasTurn(a)).toBe(false);
    expect(queue.hasTurn(b)).toBe(false);
    expect(queue.hasTurn(c)).toBe(true);
  });

  it("tells subscribers when a turn is granted and ignores a second join or a done out of turn", () => {
    const { queue, runScheduled } = queueWithManualSchedule();
    const [a, b] = [Symbol("a"), Symbol("b")];
    let notified = 0;
    const unsubscribe = queue.subscribe(() => notified++);
    queue.join(a);
    queue.join(a);
    queue.join(b);
    queue.done(b);
    runScheduled();
    expect(queue.hasTurn(b)).toBe(false);
    queue.done(a);
    runScheduled();
    expect(queue.hasTurn(b)).toBe(true);
    expect(notified).toBe(2);
    unsubscribe();
  });

  it("lets a member that joins after the others finished start at once", () => {
    const { queue, runScheduled } = queueWithManualSchedule();
    const [a, b] = [Symbol("a"), Symbol("b")];
    queue.join(a);
    queue.done(a);
    runScheduled();
    queue.join(b);
    expect(queue.hasTurn(b)).toBe(true);
  });
});
