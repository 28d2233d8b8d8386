import { type Kysely, type Migration } from "kysely";
import type { Dialect } from "../dialect";
import { jsonType } from "./column-types";

export function migrationChangeRequestScope(kind: Dialect): Migration {
  const json = jsonType(kind);
  return {
    async up(db: Kysely<unknown>) {
      // What a request covered when it was made, and the permission its author made it with:
      // a rebase stays within both. Older requests read theirs from their base and patch.
      await db.schema.alterTable("change_request").addColumn("scope", json).execute();
      await db.schema.alterTable("change_request").addColumn("author_permission", "text").execute();
    },
  };
}
