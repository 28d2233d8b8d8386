import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseFilter } from "@/lib/user-filter/parse-filter";
import {
  createTestDatabase,
  databaseKinds,
  type TestDatabase,
} from "@/tests/support/console-databases";
import { filterCondition } from "./filter-sql";
import { ensureFlagPathIndexes } from "./flag-path-indexes";

/** The query plan of a filtered list, as one string. */
async function planOf(database: TestDatabase, where: string): Promise<string> {
  const parsed = parseFilter(where);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const query = database.db
    .selectFrom("user_index")
    .select("user_id")
    .where("deleted_at", "is", null)
    .where(filterCondition(parsed.value, database.kind) as never)
    .compile();
  const explain = sql.raw(database.kind === "sqlite" ? "EXPLAIN QUERY PLAN " : "EXPLAIN ");
  return database.db.transaction().execute(async (trx) => {
    // With a handful of rows a scan is cheapest; the question is whether the index can serve.
    if (database.kind === "postgres") await sql`SET LOCAL enable_seqscan = off`.execute(trx);
    const { rows } = await trx.executeQuery<Record<string, unknown>>({
      ...query,
      sql: `${explain.compile(trx).sql}${query.sql}`,
    });
    return rows.map((row) => Object.values(row).join(" ")).join("\n");
  });
}

describe.each(databaseKinds)("indexes for filters on flag paths, on %s", (kind) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
  });
  afterAll(() => database.dispose());

  it("a filter on a catalogued flag is answered from an index, also inside a larger `and`", async () => {
    await ensureFlagPathIndexes(database.db, kind, [
      { location: "public_metadata", key: "new_dashboard" },
      { location: "private_metadata", key: "editor-v2" },
    ]);
    const expected =
      kind === "sqlite" ? /USING (COVERING )?INDEX user_index_flag3_/ : /Bitmap Index Scan/;
    expect(await planOf(database, "public_metadata.features.new_dashboard = true")).toMatch(
      expected,
    );
    expect(
      await planOf(
        database,
        'private_metadata.features["editor-v2"] in ["old", "new"] and not banned = true',
      ),
    ).toMatch(expected);
  });

  it.runIf(kind === "sqlite")(
    "follows the catalogue: a flag taken out of it, or an index of an older shape, is dropped; a key with a quote is safe",
    async () => {
      await sql`CREATE INDEX user_index_flag_public_metadata_beta ON user_index (created_at)`.execute(
        database.db,
      );
      await ensureFlagPathIndexes(database.db, kind, [
        { location: "public_metadata", key: "new_dashboard" },
      ]);
      await ensureFlagPathIndexes(database.db, kind, [
        { location: "public_metadata", key: "new_dashboard" },
      ]);
      const { rows } = await sql<{ name: string }>`
        SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'user_index_flag%'`.execute(
        database.db,
      );
      expect(rows.map((row) => row.name)).toEqual([
        "user_index_flag3_public_metadata_new_dashboard",
      ]);
      expect(await planOf(database, "public_metadata.features.new_dashboard = false")).toMatch(
        /INDEX user_index_flag3_public_metadata_new_dashboard/,
      );
      // A filter path is anyone's text; written into the SQL, its quotes must stay inside it.
      expect(await planOf(database, `public_metadata["it's"] = "x"`)).toMatch(/SCAN/);
    },
  );
});
