import "server-only";
import { indexReadDb } from "@/lib/db/index-read-db";
import { readSeenPaths } from "./seen-paths";

const holder = globalThis as typeof globalThis & { __metadeckSeenPaths?: Promise<string[]> };

/**
 * The metadata paths recently indexed users hold (the filter builder's suggestions), read off
 * the server's thread; callers who ask while a reading runs share it, so that many requests at
 * once cost one reading.
 */
export function readIndexedPaths(): Promise<string[]> {
  holder.__metadeckSeenPaths ??= indexReadDb()
    .then(({ db }) => readSeenPaths(db))
    .finally(() => {
      holder.__metadeckSeenPaths = undefined;
    });
  return holder.__metadeckSeenPaths;
}
