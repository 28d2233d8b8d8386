/**
 * Runs once when the server starts: a malformed configuration or flag catalogue stops it with a
 * clear message, and the console database is migrated before the first request.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { parseServerEnv } = await import("@/lib/config/parse-server-env");
  const config = parseServerEnv(process.env);
  const { flagCatalogue } = await import("@/lib/flags/catalogue");
  flagCatalogue();
  const { openConsoleDatabase } = await import("@/lib/db/open-database");
  const { migrateToLatest } = await import("@/lib/db/migrations");
  const { migrateAuthSchema } = await import("@/lib/auth/create-auth");
  const { resolveAuthSecret } = await import("@/lib/auth/auth-secret");
  resolveAuthSecret(process.env, config.embedded);
  const opened = openConsoleDatabase(config.database);
  try {
    await migrateToLatest(opened);
    await migrateAuthSchema(opened);
  } finally {
    await opened.db.destroy();
  }
  // Bulk jobs run in the server, so a restart picks up any that were under way.
  const { resumeBulkJobs } = await import("@/lib/bulk/bulk-server");
  await resumeBulkJobs();
}
