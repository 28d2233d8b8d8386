import { describe, expect, it } from "vitest";
import { openConsoleDatabase } from "@/lib/db/open-database";
import { createTestDatabase, databaseKinds } from "@/tests/support/console-databases";
import { migrateConsoleDatabase } from "./migrate-console-database";

describe.each(databaseKinds)("migrating the console database, on %s", (kind) => {
  it("several instances starting at once on an empty database all come up", async () => {
    const database = await createTestDatabase(kind, { migrate: false });
    const others = [1, 2].map(() =>
      openConsoleDatabase(
        kind === "sqlite" ? { kind, file: database.url } : { kind, url: database.url },
      ),
    );
    try {
      const results = await Promise.allSettled(
        [database, ...others].map((opened) => migrateConsoleDatabase(opened)),
      );
      expect(results.map((result) => result.status)).toEqual([
        "fulfilled",
        "fulfilled",
        "fulfilled",
      ]);
      const tables = (await database.db.introspection.getTables()).map((table) => table.name);
      expect(tables).toEqual(expect.arrayContaining(["user", "session", "audit_log"]));
    } finally {
      await Promise.all(others.map((opened) => opened.db.destroy()));
      await database.dispose();
    }
  });
});
