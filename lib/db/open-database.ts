import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect, type LogEvent } from "kysely";
import pg from "pg";
import { FairPostgresPool } from "./read-pool/fair-postgres-pool";
import type { DatabaseTarget } from "@/lib/config/database-url";
import type { ConsoleDatabase } from "./schema";

export interface ConsoleDb {
  db: Kysely<ConsoleDatabase>;
  kind: DatabaseTarget["kind"];
}

const INT8_OID = 20;

/**
 * The console database holds password hashes and live sessions: its file, and the folder
 * Metadeck creates for it, are for the server's own user only. SQLite gives its -wal and -shm
 * files the main file's permissions; ones left from before are tightened too.
 */
function ownerOnly(file: string) {
  // The file is named at run time (DATABASE_URL): nothing for the build to trace.
  const folder = dirname(file);
  if (!existsSync(/*turbopackIgnore: true*/ folder))
    mkdirSync(/*turbopackIgnore: true*/ folder, { recursive: true, mode: 0o700 });
  closeSync(openSync(/*turbopackIgnore: true*/ file, "a", 0o600));
  for (const path of [file, `${file}-wal`, `${file}-shm`])
    if (existsSync(/*turbopackIgnore: true*/ path))
      chmodSync(/*turbopackIgnore: true*/ path, 0o600);
}

/** `[db] <sql>` per statement, one line each, for counting what a request costs. */
function logStatement(event: LogEvent) {
  if (event.level === "query") console.log(`[db] ${event.query.sql.replace(/\s+/g, " ")}`);
}

/** One code path for both databases: Kysely over better-sqlite3, or over a pg pool. */
export function openConsoleDatabase(
  target: DatabaseTarget,
  options: {
    logStatements?: boolean;
    /** PostgreSQL: connections at most (10 by default). */
    maxConnections?: number;
    /** PostgreSQL: each statement is cancelled past this (the index reads' budget). */
    statementTimeoutMs?: number;
    /** PostgreSQL: whether a statement may use parallel workers (more cores for one query). */
    parallel?: boolean;
    /** Told how long each statement ran on its connection (waiting for one left out). */
    timeStatements?: (ms: number) => void;
    /**
     * PostgreSQL: hand the connections out by person (fair-postgres-pool.ts), as the index
     * reads' pool does, rather than first come, first served.
     */
    fairByPerson?: boolean;
  } = {},
): ConsoleDb {
  const { timeStatements } = options;
  const log: ((event: LogEvent) => void) | undefined = options.logStatements
    ? logStatement
    : timeStatements && ((event: LogEvent) => timeStatements(event.queryDurationMillis));
  if (target.kind === "postgres") {
    const pool = new pg.Pool({
      connectionString: target.url,
      max: options.maxConnections ?? 10,
      statement_timeout: options.statementTimeoutMs,
      options: options.parallel === false ? "-c max_parallel_workers_per_gather=0" : undefined,
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
      db: new Kysely<ConsoleDatabase>({
        dialect: new PostgresDialect({
          pool: options.fairByPerson ? new FairPostgresPool(pool, pool.options.max) : pool,
        }),
        log,
      }),
      kind: "postgres",
    };
  }
  if (target.file !== ":memory:") ownerOnly(target.file);
  const sqlite = new Database(target.file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("busy_timeout = 5000");
  // WAL with synchronous=NORMAL survives a crash of the process; only a power cut may lose the
  // last commits. A full fsync per audit entry would add milliseconds to every save.
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  return {
    db: new Kysely<ConsoleDatabase>({ dialect: new SqliteDialect({ database: sqlite }), log }),
    kind: "sqlite",
  };
}
