import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { UserDto } from "@/lib/clerk/user-dto";
import { ok } from "@/lib/result/result";
import { WALK_START, walkStep, type WalkCursor, type WalkLister } from "./user-walk";

const user = (id: string, createdAt: number) => ({ id, createdAt }) as UserDto;

/** Clerk's list over an array that may change between pages: newest first, ties by insertion. */
function listerOver(users: () => UserDto[]): WalkLister {
  return async ({ createdBefore, offset, limit }) => {
    const matching = users()
      .map((u, order) => ({ u, order }))
      .filter(({ u }) => createdBefore === null || u.createdAt < createdBefore)
      .sort((a, b) => b.u.createdAt - a.u.createdAt || a.order - b.order)
      .map(({ u }) => u);
    return ok({ users: matching.slice(offset, offset + limit), totalCount: matching.length });
  };
}

async function walkAll(list: WalkLister, limit: number, between?: () => void) {
  const seen: string[] = [];
  let cursor: WalkCursor = WALK_START;
  for (let pages = 0; pages < 10_000; pages++) {
    const step = await walkStep(list, cursor, limit);
    if (!step.ok) throw new Error("list failed");
    seen.push(...step.value.users.map((u) => u.id));
    if (step.value.done) return seen;
    cursor = step.value.next;
    between?.();
  }
  throw new Error("the walk did not end");
}

describe("the walk over every user", () => {
  it("sees every user exactly once, however many share a creation time", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 200 }),
        fc.integer({ min: 1, max: 25 }),
        async (times, limit) => {
          const users = times.map((t, i) => user(`user_${i}`, t));
          const seen = await walkAll(
            listerOver(() => users),
            limit,
          );
          expect(seen.sort()).toEqual(users.map((u) => u.id).sort());
        },
      ),
      { numRuns: 200 },
    );
  });

  it("skips no user that exists throughout, while users are created and deleted during it", async () => {
    // Fewer users in any one millisecond than a page holds (the walk's one blind spot).
    await fc.assert(
      fc.asyncProperty(
        fc
          .array(fc.integer({ min: 0, max: 400 }), { minLength: 1, maxLength: 150 })
          .filter((t) => [...new Set(t)].every((x) => t.filter((y) => y === x).length < 5)),
        fc.integer({ min: 5, max: 20 }),
        fc.integer({ min: 0, max: 1000 }),
        async (times, limit, seed) => {
          const users = times.map((t, i) => user(`user_${i}`, t));
          const kept = new Set(users.filter((_, i) => i % 3 !== 0).map((u) => u.id));
          let current = [...users];
          let n = seed;
          // Between pages, one user who is not "kept" goes, and a new one arrives (newest).
          const churn = () => {
            const candidates = current.filter((u) => !kept.has(u.id));
            const victim = candidates[n % Math.max(1, candidates.length)];
            if (victim) current = current.filter((u) => u !== victim);
            current.push(user(`user_new_${n++}`, 1000 + n));
          };
          const seen = await walkAll(
            listerOver(() => current),
            limit,
            churn,
          );
          for (const id of kept) expect(seen).toContain(id);
          expect(new Set(seen).size).toBe(seen.length);
        },
      ),
      { numRuns: 100 },
    );
  });
});
