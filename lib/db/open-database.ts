import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import type { DatabaseTarget } from "@/lib/config/database-url";
import type { ConsoleDatabase } from "./schema";

export interface ConsoleDb {
  db: Kysely<ConsoleDatabase>;
  kind: DatabaseTarget["kind"];
}

const INT8_OID = 20;

/** One code path for both databases: Kysely over better-sqlite3, or over a pg pool. */
export function openConsoleDatabase(target: DatabaseTarget): ConsoleDb {
  if (target.kind === "postgres") {
    const pool = new pg.Pool({
      connectionString: target.url,
      max: 10,
      // bigint columns (ids, epoch-ms times) fit in a JS number; pg would return strings.
      types: {
        getTypeParser: ((oid: number, format?: "text" | "binary") =>
          oid === INT8_OID
            ? (value: string) => Number(value)
            : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
      },
    });
    // An idle client can be cut off by the server (restart, failover); pg emits that on the pool,
    // and an unhandled "error" event would end the whole process.
    pool.on("error", (error) =>
      console.error("[db] idle PostgreSQL client failed:", error.message),
    );
    return {
      db: new Kysely<ConsoleDatabase>({ dialect: new PostgresDialect({ pool }) }),
      kind: "postgres",
    };
  }
  if (target.file !== ":memory:") mkdirSync(dirname(target.file), { recursive: true });
  const sqlite = new Database(target.file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("busy_timeout = 5000");
  // WAL with synchronous=NORMAL survives a crash of the process; only a power cut may lose the
  // last commits. A full fsync per audit entry would add milliseconds to every save.
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  return {
    db: new Kysely<ConsoleDatabase>({ dialect: new SqliteDialect({ database: sqlite }) }),
    kind: "sqlite",
  };
}
