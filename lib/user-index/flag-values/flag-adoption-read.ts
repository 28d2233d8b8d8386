import "server-only";
import { consoleDb } from "@/lib/db/console-db";
import { indexReadDb } from "@/lib/db/index-read-db";
import { fail, ok, type Result } from "@/lib/result/result";
import { readFlagAdoption, type AdoptionFlag, type AdoptionReport } from "./flag-adoption";

/**
 * The catalogue's adoption counts, from the console database's user index. A failure is an
 * answer, not a thrown error: the counts are an addition to the catalogue, which still shows.
 * SQLite counts every user's documents, so that runs off the server's thread (indexReadDb);
 * PostgreSQL sums its tallies, folding them now and then, which is a write, so it keeps the
 * console database's own pool (its reads never held the thread).
 */
export async function readCatalogueAdoption(
  flags: AdoptionFlag[],
): Promise<Result<AdoptionReport, { message: string }>> {
  try {
    const { kind } = await consoleDb();
    const { db } = kind === "sqlite" ? await indexReadDb() : await consoleDb();
    return ok(await readFlagAdoption(db, kind, flags));
  } catch (error) {
    console.error("[user-index] could not count flag adoption", error);
    return fail({ message: "The user counts could not be read from the user index." });
  }
}
