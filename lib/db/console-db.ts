import "server-only";
import { serverEnv } from "@/lib/config/server-env";
import { openConsoleDatabase, type ConsoleDb } from "./open-database";

// Kept on globalThis so that development reloads reuse one pool instead of leaking them.
const holder = globalThis as typeof globalThis & { __metadeckConsoleDb?: ConsoleDb };

/**
 * The process's one handle on the console database named by DATABASE_URL. Start-up
 * (`lib/startup/`) migrates it before the server takes its first request.
 */
export async function consoleDb(): Promise<ConsoleDb> {
  const env = serverEnv();
  holder.__metadeckConsoleDb ??= openConsoleDatabase(env.database, {
    logStatements: env.logStatements,
  });
  return holder.__metadeckConsoleDb;
}
