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
    if (kind !== "sqlite") return ok(await readFlagAdoption((await consoleDb()).db, kind, flags));
    return ok(await sharedSqliteCount(flags));
  } catch (error) {
    console.error("[user-index] could not count flag adoption", error);
    return fail({ message: "The user counts could not be read from the user index." });
  }
}

const holder = globalThis as typeof globalThis & {
  __metadeckAdoptionCount?: { key: string; report: Promise<AdoptionReport> };
};

/**
 * SQLite's count, one at a time for everyone: the counts are the same whoever asks, and each
 * reads every user's documents on a reader, so pages loaded at once share the one running
 * (otherwise a few people reloading /flags would take every reader from everyone's filters).
 */
function sharedSqliteCount(flags: AdoptionFlag[]): Promise<AdoptionReport> {
  const key = JSON.stringify(flags);
  const running = holder.__metadeckAdoptionCount;
  if (running?.key === key) return running.report;
  const report = indexReadDb()
    .then(({ db }) => readFlagAdoption(db, "sqlite", flags))
    .finally(() => {
      if (holder.__metadeckAdoptionCount?.report === report)
        holder.__metadeckAdoptionCount = undefined;
    });
  holder.__metadeckAdoptionCount = { key, report };
  return report;
}
