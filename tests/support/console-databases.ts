import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrateToLatest } from "@/lib/db/migrations";
import { openConsoleDatabase, type ConsoleDb } from "@/lib/db/open-database";
import {
  copySqliteTemplate,
  createPostgresDatabase,
  databaseUrl,
  onServer,
} from "./database-templates";

/**
 * The databases every console-database test runs against: a fresh SQLite file always, and a
 * fresh database on the PostgreSQL server named by TEST_DATABASE_URL when it is set (CI sets it).
 */
export const POSTGRES_URL = process.env.TEST_DATABASE_URL;
export const databaseKinds = POSTGRES_URL
  ? (["sqlite", "postgres"] as const)
  : (["sqlite"] as const);

if (!POSTGRES_URL)
  console.warn("PostgreSQL variants skipped: TEST_DATABASE_URL is not set (.ci/run sets it).");

export interface TestDatabase extends ConsoleDb {
  /** The database as DATABASE_URL names it, for another process to open. */
  url: string;
  dispose(): Promise<void>;
}

/**
 * A fresh console database at the latest schema (a copy of the run's migrated template when
 * there is one), or empty when `migrate` is false.
 */
export async function createTestDatabase(
  kind: "sqlite" | "postgres",
  { migrate = true }: { migrate?: boolean } = {},
): Promise<TestDatabase> {
  if (kind === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "metadeck-db-"));
    const file = join(dir, "console.sqlite");
    const copied = migrate && copySqliteTemplate(file);
    const opened = openConsoleDatabase({ kind: "sqlite", file });
    if (migrate && !copied) await migrateToLatest(opened);
    return {
      ...opened,
      url: file,
      dispose: async () => {
        await opened.db.destroy();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `metadeck_test_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6)}`;
  const server = POSTGRES_URL!;
  const copied = await createPostgresDatabase(server, name, { fromTemplate: migrate });
  const url = databaseUrl(server, name);
  const opened = openConsoleDatabase({ kind: "postgres", url });
  if (migrate && !copied) await migrateToLatest(opened);
  return {
    ...opened,
    url,
    dispose: async () => {
      await opened.db.destroy();
      await onServer(server, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
