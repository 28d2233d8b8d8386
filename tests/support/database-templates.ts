import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { migrateToLatest } from "@/lib/db/migrations";
import { openConsoleDatabase } from "@/lib/db/open-database";

/**
 * Console databases migrated once per test run and kind, which every test database copies:
 * twenty migrations per test file made up much of a database test's time. The run's global
 * set-up makes them and names them in these variables; without them (a single file run by
 * hand) a test database is migrated as before.
 */
const SQLITE_TEMPLATE_VARIABLE = "TEST_SQLITE_TEMPLATE";
const POSTGRES_TEMPLATE_VARIABLE = "TEST_POSTGRES_TEMPLATE";

export interface DatabaseTemplates {
  /** The variables to set for the run's test processes. */
  env: Record<string, string>;
  dispose(): Promise<void>;
}

/** PostgreSQL names are folded to lower case; this one is unique to the run. */
const templateName = () =>
  `metadeck_template_${process.pid}_${Date.now().toString(36)}`.toLowerCase();

export async function createDatabaseTemplates(
  postgresUrl: string | undefined,
): Promise<DatabaseTemplates> {
  const dir = mkdtempSync(join(tmpdir(), "metadeck-template-"));
  const file = join(dir, "console.sqlite");
  const sqlite = openConsoleDatabase({ kind: "sqlite", file });
  await migrateToLatest(sqlite);
  // Closing checkpoints the write-ahead log into the file, so the file alone is the database.
  await sqlite.db.destroy();
  const env: Record<string, string> = { [SQLITE_TEMPLATE_VARIABLE]: file };

  let name: string | null = null;
  if (postgresUrl) {
    name = templateName();
    await onServer(postgresUrl, `CREATE DATABASE ${name}`);
    const opened = openConsoleDatabase({ kind: "postgres", url: databaseUrl(postgresUrl, name) });
    try {
      await migrateToLatest(opened);
    } finally {
      // A template cannot be copied while anyone is connected to it.
      await opened.db.destroy();
    }
    env[POSTGRES_TEMPLATE_VARIABLE] = name;
  }
  return {
    env,
    dispose: async () => {
      rmSync(dir, { recursive: true, force: true });
      if (postgresUrl && name) await onServer(postgresUrl, `DROP DATABASE IF EXISTS ${name}`);
    },
  };
}

/** A fresh SQLite console database file copied from the run's template, if there is one. */
export function copySqliteTemplate(file: string): boolean {
  const template = process.env[SQLITE_TEMPLATE_VARIABLE];
  if (!template) return false;
  copyFileSync(template, file);
  return true;
}

/** A new PostgreSQL database, copied from the run's template if asked and there is one. */
export async function createPostgresDatabase(
  serverUrl: string,
  name: string,
  { fromTemplate }: { fromTemplate: boolean },
): Promise<boolean> {
  const template = fromTemplate ? process.env[POSTGRES_TEMPLATE_VARIABLE] : undefined;
  await onServer(serverUrl, `CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ""}`);
  return template !== undefined;
}

export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** One statement on the server's maintenance database (CREATE and DROP DATABASE). */
export async function onServer(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
