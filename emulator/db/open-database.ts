import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { INDEXES_SQL, TABLES_SQL } from "./schema";

export type EmulatorDatabase = Database.Database;

/** Opens (creating if needed) the emulator's SQLite database in WAL mode. */
export function openDatabase(file: string): EmulatorDatabase {
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  // WAL with synchronous=NORMAL is durable across process crashes; only power loss may drop the tail.
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.pragma("cache_size = -65536");
  db.pragma("temp_store = MEMORY");
  db.exec(TABLES_SQL);
  return db;
}

export function createIndexes(db: EmulatorDatabase): void {
  db.exec(INDEXES_SQL);
  db.exec("ANALYZE");
}
