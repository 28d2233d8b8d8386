import { BAG_NAMES, type BagName } from "@/lib/metadata/bags";
import type { Kysely } from "kysely";
import { fromJsonColumn } from "@/lib/db/json-column";
import type { ConsoleDatabase } from "@/lib/db/schema";
import { isJsonObject, type JsonValue } from "@/lib/metadata/json";
import { formatPath } from "@/lib/user-filter/filter-ast";

/** How deep into a document paths are offered: deeper ones are rare and can be typed. */
const MAX_DEPTH = 4;
/**
 * How many paths one document gives at most. The documents are their users' to fill (unsafe
 * metadata from the browser): a thousand keys each must not make this read cost seconds of
 * the server's thread. Common paths are in most documents' first hundred anyway.
 */
const MAX_PATHS_PER_DOCUMENT = 100;
/** Keys longer than this are not offered (nor walked into): nobody completes them, and a user can write thousands of characters of them. */
const MAX_KEY_LENGTH = 100;

/** The paths to values in a document (objects' keys, not array positions), to MAX_DEPTH, at most MAX_PATHS_PER_DOCUMENT. */
export function documentPaths(bag: BagName, document: JsonValue | undefined): string[] {
  const paths: string[] = [];
  const walk = (value: JsonValue | undefined, keys: string[]) => {
    if (!isJsonObject(value) || keys.length >= MAX_DEPTH) return;
    for (const [key, child] of Object.entries(value)) {
      if (paths.length >= MAX_PATHS_PER_DOCUMENT) return;
      if (key.length > MAX_KEY_LENGTH) continue;
      const at = [...keys, key];
      paths.push(formatPath({ kind: "metadata", bag, keys: at }));
      walk(child, at);
    }
  };
  walk(document, []);
  return paths;
}

/** Documents walked between two turns of the event loop: each turn stays a few milliseconds. */
const DOCUMENTS_PER_TURN = 10;

/**
 * The metadata paths the most recently indexed users hold, the most common first: what the
 * filter builder offers besides the catalogue. A sample, so that reading it stays cheap however
 * many users the index has; walked a few documents at a time, giving the event loop back in
 * between, so that documents built to be expensive never hold the server's thread for long.
 */
export async function readSeenPaths(
  db: Kysely<ConsoleDatabase>,
  { sample = 100, limit = 200 } = {},
): Promise<string[]> {
  const rows = await db
    .selectFrom("user_index")
    .select(["public_metadata", "private_metadata", "unsafe_metadata"])
    .where("deleted_at", "is", null)
    .orderBy("indexed_at", "desc")
    .limit(sample)
    .execute();
  const counts = new Map<string, number>();
  for (const [n, row] of rows.entries()) {
    if (n > 0 && n % DOCUMENTS_PER_TURN === 0)
      await new Promise((resolve) => setImmediate(resolve));
    for (const bag of BAG_NAMES)
      for (const path of new Set(documentPaths(bag, fromJsonColumn<JsonValue>(row[bag]))))
        counts.set(path, (counts.get(path) ?? 0) + 1);
  }
  return [...counts.entries()]
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, limit)
    .map(([path]) => path);
}
