import { type Kysely, type Migration } from "kysely";

export function migrationUserIndexFreshness(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // Every filtered list says how fresh the index is (its newest indexed_at): an index
      // makes that one lookup instead of a scan of every user. Only adds an index.
      await db.schema
        .createIndex("user_index_indexed_at")
        .on("user_index")
        .column("indexed_at")
        .execute();
    },
  };
}
