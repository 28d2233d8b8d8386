import "server-only";
import { consoleDb } from "@/lib/db/console-db";
import { readIndexStatus, type IndexStatus } from "./index-status";

/** How complete and fresh the user index is now, for the user index page. */
export async function readIndexStatusNow(): Promise<IndexStatus> {
  return readIndexStatus((await consoleDb()).db);
}
