import { migrateAuthSchema } from "@/lib/auth/create-auth";
import { migrateToLatest } from "@/lib/db/migrations";
import type { ConsoleDb } from "@/lib/db/open-database";

/**
 * Brings the whole console database to the latest schema: Metadeck's own tables, then
 * better-auth's. Every start-up path runs this one function. Returns Metadeck's migrations
 * that were applied.
 */
export async function migrateConsoleDatabase(opened: ConsoleDb): Promise<string[]> {
  const applied = await migrateToLatest(opened);
  await migrateAuthSchema(opened);
  return applied;
}
