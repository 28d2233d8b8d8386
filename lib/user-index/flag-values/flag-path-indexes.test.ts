import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseFilter } from "@/lib/user-filter/parse-filter";
import {
  createTestDatabase,
  databaseKinds,
  type TestDatabase,
} from "@/tests/support/console-databases";
import { filterCondition } from "../search/filter-sql";
import { ensureFlagPathIndexes } from "./flag-path-indexes";
import { readFlagPathIds } from "./flag-value-table";
import { userDto } from "@/tests/support/user-dto";
import { indexUsers } from "../index-store";

/** A user whose metadata key and value hold quotes, as SQL would misread them. */
const quoted = userDto("user_quoted", {
  publicMetadata: { "it's": "x'); DROP TABLE user_index; --" },
});

/** The query plan of a filtered list, as one string. */
async function planOf(database: TestDatabase, where: string): Promise<string> {
  const parsed = parseFilter(where);
  if (!parsed.ok) throw new Error(parsed.error.message);
  const query = database.db
    .selectFrom("user_index")
    .select("user_id")
    .where("deleted_at", "is", null)
    .where(
      filterCondition(
        parsed.value,
        database.kind,
        await readFlagPathIds(database.db, database.kind),
      ) as never,
    )
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
      kind === "sqlite" ? /USING (COVERING )?INDEX user_index_flag3_/ : /user_flag_value_pkey/;
    expect(await planOf(database, "public_metadata.features.new_dashboard = true")).toMatch(
      expected,
    );
    expect(
      await planOf(
        database,
        'private_metadata.features["editor-v2"] in ["old", "new"] and not banned = true',
      ),
    ).toMatch(expected);
    if (kind === "postgres") {
      // Any other path: the GIN index of its metadata column; a part of an email: trigrams.
      expect(await planOf(database, 'public_metadata.plan = "pro"')).toMatch(
        /Bitmap Index Scan on user_index_public_metadata_gin/,
      );
      expect(await planOf(database, 'email contains "erson"')).toMatch(
        /Bitmap Index Scan on user_index_email_trigram/,
      );
    }
  });

  it("follows the catalogue (a flag taken out of it, or on SQLite an index of an older shape, is dropped)", async () => {
    if (kind === "sqlite")
      await sql`CREATE INDEX user_index_flag_public_metadata_beta ON user_index (created_at)`.execute(
        database.db,
      );
    await ensureFlagPathIndexes(database.db, kind, [
      { location: "public_metadata", key: "new_dashboard" },
    ]);
    await ensureFlagPathIndexes(database.db, kind, [
      { location: "public_metadata", key: "new_dashboard" },
    ]);
    const { rows } =
      kind === "sqlite"
        ? await sql<{ name: string }>`
            SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'user_index_flag%'`.execute(
            database.db,
          )
        : await sql<{ name: string }>`SELECT bag || '.' || key AS name FROM flag_path`.execute(
            database.db,
          );
    expect(rows.map((row) => row.name)).toEqual([
      kind === "sqlite"
        ? "user_index_flag3_public_metadata_new_dashboard"
        : "public_metadata.new_dashboard",
    ]);
  });

  it("a path is anyone's text: written into the SQL, its quotes stay inside it", async () => {
    await indexUsers(database.db, [quoted], 1000);
    const parsed = parseFilter(`public_metadata["it's"] = "x'); DROP TABLE user_index; --"`);
    if (!parsed.ok) throw new Error(parsed.error.message);
    const found = await database.db
      .selectFrom("user_index")
      .select("user_id")
      .where(filterCondition(parsed.value, database.kind) as never)
      .execute();
    expect(found.map((row) => row.user_id)).toEqual([quoted.id]);
  });
});
