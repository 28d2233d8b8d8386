import {
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
} from "kysely";
import { currentIndexRead } from "../read-context";
import type { ReadProcessPool } from "./read-process-pool";

const READS_ONLY = "The index reader runs single read statements, outside any transaction.";

/**
 * Kysely's SQLite dialect with its statements run by a ReadProcessPool instead of
 * better-sqlite3 on this thread: the same compiled SQL, answered asynchronously, each statement
 * on behalf of `owner` (see ReadProcessPool.run).
 */
export function pooledSqliteDialect(pool: ReadProcessPool, owner?: string): Dialect {
  const connection: DatabaseConnection = {
    async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
      const read = currentIndexRead();
      const rows = await pool.run(query.sql, query.parameters, owner, (ms) =>
        read?.onStatement(ms),
      );
      return { rows: rows as R[] };
    },
    async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
      throw new Error(READS_ONLY);
    },
  };
  const driver: Driver = {
    init: async () => undefined,
    // Stateless: every statement goes to whichever reader is free.
    acquireConnection: async () => connection,
    releaseConnection: async () => undefined,
    beginTransaction: async () => {
      throw new Error(READS_ONLY);
    },
    commitTransaction: async () => {
      throw new Error(READS_ONLY);
    },
    rollbackTransaction: async () => {
      throw new Error(READS_ONLY);
    },
    destroy: () => pool.close(),
  };
  return {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => driver,
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  };
}
