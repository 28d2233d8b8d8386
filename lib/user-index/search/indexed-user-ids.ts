import type { Kysely } from "kysely";
import type { ConsoleDatabase } from "@/lib/db/schema";
import { fail, ok, type Result } from "@/lib/result/result";
import { parseFilter, type FilterSyntaxError } from "@/lib/user-filter/parse-filter";
import type { Dialect } from "@/lib/db/dialect";
import { readFlagPathIds } from "../flag-values/flag-value-table";
import { matchingUsers } from "./matching-users";
import { readIndexedAt } from "../index-freshness";

export interface IndexedIds {
  /** Newest first, at most the limit asked for. */
  ids: string[];
  /** The newest write to the index: how fresh the selection is. */
  indexedAt: number | null;
}

/** The ids of the users a `where` expression selects in the index (a bulk change's targets). */
export async function indexedUserIds(
  db: Kysely<ConsoleDatabase>,
  dialect: Dialect,
  where: string,
  limit: number,
): Promise<Result<IndexedIds, { kind: "invalid_filter" } & FilterSyntaxError>> {
  const parsed = parseFilter(where);
  if (!parsed.ok) return fail({ kind: "invalid_filter", ...parsed.error });
  const flagPaths = await readFlagPathIds(db, dialect);
  const [rows, indexedAt] = await Promise.all([
    matchingUsers(db, dialect, parsed.value, "", flagPaths)
      .select("user_id")
      .orderBy("user_index.created_at", "desc")
      .orderBy("user_index.user_id")
      .limit(limit)
      .execute(),
    readIndexedAt(db),
  ]);
  return ok({
    ids: rows.map((row) => row.user_id),
    indexedAt,
  });
}
