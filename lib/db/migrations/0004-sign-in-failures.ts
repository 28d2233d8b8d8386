import { type Kysely, type Migration } from "kysely";
import type { Dialect } from "../dialect";
import { idType } from "./column-types";

export function migrationSignInFailures(kind: Dialect): Migration {
  const id = idType(kind);
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("sign_in_failure")
        .addColumn("id", id, (c) => c.primaryKey())
        .addColumn("account", "text", (c) => c.notNull())
        .addColumn("address", "text", (c) => c.notNull())
        .addColumn("failed_at", "bigint", (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("sign_in_failure_account")
        .on("sign_in_failure")
        .columns(["account", "failed_at"])
        .execute();
      await db.schema
        .createIndex("sign_in_failure_address")
        .on("sign_in_failure")
        .columns(["address", "failed_at"])
        .execute();
    },
  };
}
