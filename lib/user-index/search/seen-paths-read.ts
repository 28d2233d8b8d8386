import "server-only";
import { indexReadDb } from "@/lib/db/index-read-db";
import { readSeenPaths } from "./seen-paths";

/**
 * How long a reading's paths are answered again. A reading of documents built to be expensive
 * (8 KB of short keys each) costs the server's thread about 120 ms, in turns of a few; one
 * viewer asking in a loop would otherwise keep the thread busy with nothing but that.
 * Suggestions a few seconds old lose nothing: a path new since is typed, and still filters.
 */
const REUSE_MS = 15_000;

const holder = globalThis as typeof globalThis & {
  __metadeckSeenPaths?: { paths: Promise<string[]>; endedAt: number | null };
};

/**
 * The metadata paths recently indexed users hold (the filter builder's suggestions), read off
 * the server's thread; callers who ask while a reading runs, or shortly after, share it, so
 * that many requests cost one reading.
 */
export function readIndexedPaths(now = Date.now()): Promise<string[]> {
  const last = holder.__metadeckSeenPaths;
  if (last && (last.endedAt === null || now - last.endedAt < REUSE_MS)) return last.paths;
  const reading = {
    paths: indexReadDb().then(({ db }) => readSeenPaths(db)),
    endedAt: null as number | null,
  };
  reading.paths.then(
    () => {
      reading.endedAt = Date.now();
    },
    () => {
      // A failed reading is not kept: the next request reads again.
      if (holder.__metadeckSeenPaths === reading) holder.__metadeckSeenPaths = undefined;
    },
  );
  holder.__metadeckSeenPaths = reading;
  return reading.paths;
}
