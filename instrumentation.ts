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
  const { resolveAuthSecret } = await import("@/lib/auth/auth-secret");
  resolveAuthSecret(process.env, config.embedded);
  // The process's one database handle, migrated on first use, which requests then share.
  const { consoleDb } = await import("@/lib/db/console-db");
  await consoleDb();
  // Bulk jobs run in the server, so a restart picks up any that were under way.
  const { resumeBulkJobs } = await import("@/lib/bulk/bulk-server");
  await resumeBulkJobs();
}
