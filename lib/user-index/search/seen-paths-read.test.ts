import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/tests/support/console-databases";
import { userDto } from "@/tests/support/user-dto";
import { indexUsers } from "../index-store";

// The real reading of a real SQLite index; only the handle is chosen here, and the reading is
// watched to see how many times it ran.
const handles = vi.hoisted(() => ({ database: undefined as TestDatabase | undefined }));
vi.mock("@/lib/db/index-read-db", () => ({ indexReadDb: async () => handles.database! }));
vi.mock("./seen-paths", async (importActual) => {
  const actual = await importActual<typeof import("./seen-paths")>();
  return { ...actual, readSeenPaths: vi.fn(actual.readSeenPaths) };
});

const { readSeenPaths } = await import("./seen-paths");
const { readIndexedPaths } = await import("./seen-paths-read");

const index = (n: number, publicMetadata: Record<string, number>) =>
  indexUsers(
    handles.database!.db,
    [userDto(`user_s${n}`, { createdAt: n, updatedAt: n, publicMetadata })],
    1000 + n,
  );

/** Far enough ahead that whatever was read before is read again. */
const LATER = 60_000;

describe("the filter builder's paths from the index", () => {
  beforeAll(async () => {
    handles.database = await createTestDatabase("sqlite");
    await index(1, { plan: 1 });
  });
  afterAll(() => handles.database?.dispose());

  it("are one reading for every request made while it runs or shortly after", async () => {
    vi.mocked(readSeenPaths).mockClear();
    const together = await Promise.all([1, 2, 3].map(() => readIndexedPaths()));
    await index(2, { seats: 1 });
    const shortlyAfter = await readIndexedPaths(Date.now() + 1_000);
    expect(readSeenPaths).toHaveBeenCalledTimes(1);
    for (const paths of [...together, shortlyAfter])
      expect(paths).toEqual(["public_metadata.plan"]);
  });

  it("are read again once the last reading is a while old, with the paths new since", async () => {
    vi.mocked(readSeenPaths).mockClear();
    const paths = await readIndexedPaths(Date.now() + LATER);
    expect(readSeenPaths).toHaveBeenCalledTimes(1);
    expect(paths).toEqual(
      expect.arrayContaining(["public_metadata.plan", "public_metadata.seats"]),
    );
  });

  it("are read again at once after a failed reading", async () => {
    vi.mocked(readSeenPaths).mockClear();
    vi.mocked(readSeenPaths).mockRejectedValueOnce(new Error("reader stopped"));
    const now = Date.now() + 2 * LATER;
    await expect(readIndexedPaths(now)).rejects.toThrow("reader stopped");
    await expect(readIndexedPaths(now)).resolves.toContain("public_metadata.seats");
    expect(readSeenPaths).toHaveBeenCalledTimes(2);
  });
});
