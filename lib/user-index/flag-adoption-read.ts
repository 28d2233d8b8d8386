import "server-only";
import { consoleDb } from "@/lib/db/console-db";
import { readFlagAdoption, type AdoptionFlag, type AdoptionReport } from "./flag-adoption";

/** The catalogue's adoption counts, from the console database's user index. */
export async function readCatalogueAdoption(flags: AdoptionFlag[]): Promise<AdoptionReport> {
  const { db, kind } = await consoleDb();
  return readFlagAdoption(db, kind, flags);
}
