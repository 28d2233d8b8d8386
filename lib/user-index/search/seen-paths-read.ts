import "server-only";
import { consoleDb } from "@/lib/db/console-db";
import { readSeenPaths } from "./seen-paths";

/** The metadata paths recently indexed users hold (the filter builder's suggestions). */
export async function readIndexedPaths(): Promise<string[]> {
  const { db } = await consoleDb();
  return readSeenPaths(db);
}
