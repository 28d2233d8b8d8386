import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/tests/support/console-databases";
import { userDto } from "@/tests/support/user-dto";
import { indexUsers } from "../index-store";
import type { AdoptionFlag } from "./flag-adoption";

// The real count on a real SQLite index; only which handle it goes through is chosen here, and
// the count is watched to see how many times it ran.
const handles = vi.hoisted(() => ({ database: undefined as TestDatabase | undefined }));
vi.mock("@/lib/db/console-db", () => ({ consoleDb: async () => handles.database! }));
vi.mock("@/lib/db/index-read-db", () => ({ indexReadDb: async () => handles.database! }));
vi.mock("./flag-adoption", async (importActual) => {
  const actual = await importActual<typeof import("./flag-adoption")>();
  return { ...actual, readFlagAdoption: vi.fn(actual.readFlagAdoption) };
});

const { readFlagAdoption } = await import("./flag-adoption");
const { readCatalogueAdoption } = await import("./flag-adoption-read");

const FLAGS: AdoptionFlag[] = [
  { key: "new_dashboard", location: "public_metadata", values: [true, false] },
];

describe("the flag catalogue's counts on SQLite", () => {
  beforeAll(async () => {
    handles.database = await createTestDatabase("sqlite");
    await indexUsers(
      handles.database.db,
      [true, true, false].map((value, n) =>
        userDto(`user_f${n}`, {
          createdAt: 1000 + n,
          updatedAt: 2000 + n,
          publicMetadata: { features: { new_dashboard: value } },
        }),
      ),
      5000,
    );
  });
  afterAll(() => handles.database?.dispose());

  it("are one reading for every page loaded while it runs, each page getting the same counts", async () => {
    vi.mocked(readFlagAdoption).mockClear();
    const pages = await Promise.all([1, 2, 3, 4].map(() => readCatalogueAdoption(FLAGS)));
    expect(readFlagAdoption).toHaveBeenCalledTimes(1);
    for (const page of pages) {
      expect(page.ok).toBe(true);
      if (page.ok) expect(page.value.flags[0]?.values.map((v) => v.count)).toEqual([2, 1]);
    }
  });

  it("are read afresh by a page loaded after the last reading ended", async () => {
    vi.mocked(readFlagAdoption).mockClear();
    await readCatalogueAdoption(FLAGS);
    await indexUsers(
      handles.database!.db,
      [userDto("user_f9", { publicMetadata: { features: { new_dashboard: true } } })],
      6000,
    );
    const later = await readCatalogueAdoption(FLAGS);
    expect(readFlagAdoption).toHaveBeenCalledTimes(2);
    expect(later.ok && later.value.flags[0]?.values.map((v) => v.count)).toEqual([3, 1]);
  });

  it("answer a failed reading as a message, and the next page reads again", async () => {
    vi.mocked(readFlagAdoption).mockClear();
    vi.mocked(readFlagAdoption).mockRejectedValueOnce(new Error("reader stopped"));
    const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
    const failed = await Promise.all([readCatalogueAdoption(FLAGS), readCatalogueAdoption(FLAGS)]);
    quiet.mockRestore();
    expect(failed.map((page) => page.ok)).toEqual([false, false]);
    expect((await readCatalogueAdoption(FLAGS)).ok).toBe(true);
    expect(readFlagAdoption).toHaveBeenCalledTimes(2);
  });
});
