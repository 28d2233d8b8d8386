/** `npm run db:migrate`: brings the console database named by DATABASE_URL (Metadeck's tables and
 * the staff sign-in tables) to the latest schema, as start-up does. */
import { parseDatabaseUrl } from "@/lib/config/database-url";
import { openConsoleDatabase } from "@/lib/db/open-database";
import { migrateConsoleDatabase } from "@/lib/startup/migrate-console-database";

async function main() {
  const target = parseDatabaseUrl(process.env.DATABASE_URL);
  const opened = openConsoleDatabase(target);
  try {
    const applied = await migrateConsoleDatabase(opened);
    const where =
      target.kind === "postgres"
        ? new URL(target.url).host + new URL(target.url).pathname
        : target.file;
    console.log(
      applied.length > 0 ? `Applied ${applied.join(", ")} to ${where}.` : `${where} is up to date.`,
    );
  } finally {
    await opened.db.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
