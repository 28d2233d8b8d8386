import "server-only";
import { Kysely } from "kysely";
import { INDEX_READS } from "@/lib/config/limits";
import { serverEnv } from "@/lib/config/server-env";
import type { ConsoleDatabase } from "./schema";
import { consoleDb } from "./console-db";
import { openConsoleDatabase, type ConsoleDb } from "./open-database";
import { pooledSqliteDialect } from "./read-pool/pooled-sqlite-dialect";
import { ReadProcessPool } from "./read-pool/read-process-pool";
import { currentIndexRead } from "./read-context";

interface IndexReads {
  handle: ConsoleDb;
  /** SQLite's readers, for a handle whose statements go on one person's behalf. */
  pool: ReadProcessPool | null;
}

// Kept on globalThis so that development reloads reuse the readers instead of leaking them.
const holder = globalThis as typeof globalThis & { __metadeckIndexReads?: Promise<IndexReads> };

async function open(): Promise<IndexReads> {
  const { database, indexReadBudgetMs } = serverEnv();
  if (database.kind === "postgres")
    return {
      handle: openConsoleDatabase(database, {
        maxConnections: INDEX_READS.postgresConnections,
        statementTimeoutMs: indexReadBudgetMs,
        // One core per read at most, as on SQLite: a heavy filter's workers would take every
        // core of the database's machine from everyone else's requests.
        parallel: false,
        timeStatements: (ms) => currentIndexRead()?.onStatement(ms),
        fairByPerson: true,
      }),
      pool: null,
    };
  // A database in memory cannot be opened by another process; it is only ever a test's.
  if (database.file === ":memory:") return { handle: await consoleDb(), pool: null };
  const pool = new ReadProcessPool({
    file: database.file,
    size: INDEX_READS.sqliteReaders,
    budgetMs: indexReadBudgetMs,
  });
  return {
    handle: {
      db: new Kysely<ConsoleDatabase>({ dialect: pooledSqliteDialect(pool) }),
      kind: "sqlite",
    },
    pool,
  };
}

/**
 * The handle the user index's reads go through: never the server's own thread or connections.
 * On SQLite, reader processes (read-pool/), whose statements on behalf of one `owner` (a
 * person) run one at a time; on PostgreSQL, a pool of its own whose statements are cancelled at
 * the budget. Either way an over-budget read fails with isOverReadBudget true.
 */
export async function indexReadDb(owner?: string): Promise<ConsoleDb> {
  holder.__metadeckIndexReads ??= open();
  const { handle, pool } = await holder.__metadeckIndexReads;
  if (!pool || owner === undefined) return handle;
  // A light handle per read (no connection of its own): never destroyed, so the pool stays.
  return {
    db: new Kysely<ConsoleDatabase>({ dialect: pooledSqliteDialect(pool, owner) }),
    kind: "sqlite",
  };
}
