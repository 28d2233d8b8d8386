import { type BagName } from "@/lib/metadata/bags";
import { sql, type Kysely } from "kysely";
import { fromJsonColumn } from "@/lib/db/json-column";
import type { ConsoleDatabase } from "@/lib/db/schema";
import { fail, ok, type Result } from "@/lib/result/result";
import type { FilterExpr } from "@/lib/user-filter/filter-ast";
import { parseFilter, type FilterSyntaxError } from "@/lib/user-filter/parse-filter";
import { parseExportPaths, type ExportPath } from "./export-paths";
import type { Dialect } from "@/lib/db/dialect";
import { readFlagPathIds } from "../flag-values/flag-value-table";
import { indexOrder } from "../search/list-indexed-users";
import { matchingUsers } from "../search/matching-users";
import { exportHeader, exportRow, UTF8_BOM, type ExportedUser } from "./users-csv";

/** Rows read from the index at a time: the most the export ever holds in memory. */
const EXPORT_BATCH_SIZE = 1000;

export interface UsersExportRequest {
  /** Empty: every user (of the search, when there is one). */
  where: string;
  query: string;
  /** The list's sort (`-created_at`): the rows come in the order the list shows them. */
  orderBy: string;
  /** Comma-separated metadata paths, as typed. */
  paths: string;
}

/** A `where` or a path that cannot run, with the parameter it is in and the position there. */
export type ExportRequestError = {
  kind: "invalid_filter";
  param: "where" | "paths";
} & FilterSyntaxError;

export interface UsersExportPlan {
  expr: FilterExpr;
  query: string;
  paths: ExportPath[];
  order: { column: string; descending: boolean };
  /**
   * A search without a filter: the list shows it from Clerk, so the export reads Clerk too
   * (searchBatches), in the list's own order (`orderBy`).
   */
  fromClerk: boolean;
  orderBy: string;
}

/** A user as one batch reads them: the fixed columns, the sort key, the documents asked for. */
type ExportRow = {
  user_id: string;
  primary_email: string | null;
  first_name: string | null;
  last_name: string | null;
  indexed_at: number | string;
  sort_key: unknown;
} & Partial<Record<BagName, unknown>>;

/** No filter: every user. */
const EVERY_USER: FilterExpr = { type: "and", items: [] };

/** Checks an export before anything is read: a malformed one runs nothing. */
export function planUsersExport(
  request: UsersExportRequest,
): Result<UsersExportPlan, ExportRequestError> {
  const where = request.where.trim();
  const expr = where === "" ? ok(EVERY_USER) : parseFilter(where);
  if (!expr.ok) return fail({ kind: "invalid_filter", param: "where", ...expr.error });
  const paths = parseExportPaths(request.paths);
  if (!paths.ok) return fail({ kind: "invalid_filter", param: "paths", ...paths.error });
  return ok({
    expr: expr.value,
    query: request.query.trim(),
    paths: paths.value,
    order: indexOrder(request.orderBy),
    fromClerk: where === "" && request.query.trim() !== "",
    orderBy: request.orderBy,
  });
}

/**
 * How far another instance's clock may be behind this one's when it stamps `indexed_at`: a user
 * it changed as the export began still counts as changed during the export.
 */
const CLOCK_SKEW_MS = 5_000;

type MatchingQuery = ReturnType<typeof matchingUsers>;

/**
 * Every user the plan matches, `batchSize` at a time, in the list's order (its column, then
 * the id, the same way; users without a value last, as the list shows them). Each batch
 * starts after the last row of the one before (keyset paging), so a batch costs the same
 * wherever it falls and a user added or removed meanwhile shifts nothing. Only the documents
 * the paths read are loaded.
 *
 * A user whose sort value changes during the export (a name, `updated_at`) moves across its
 * cursor: moved ahead, they come again; moved behind, they would be left out. So when the
 * order is not creation's (which never changes), the users changed since the export began and
 * not written as they are now are written once more at the end, by id: a user may come twice, the later
 * row the newer, but nobody is left out.
 */
export async function* exportBatches(
  db: Kysely<ConsoleDatabase>,
  dialect: Dialect,
  plan: UsersExportPlan,
  { batchSize = EXPORT_BATCH_SIZE, startedAt = Date.now() } = {},
): AsyncGenerator<ExportedUser[], void, undefined> {
  const bags = [...new Set<BagName>(plan.paths.map(({ path }) => path.bag))];
  const changedSince = startedAt - CLOCK_SKEW_MS;
  /** Users changed since the export began, and the version of each it wrote last. */
  const writtenVersion = new Map<string, number>();
  const { column, descending } = plan.order;
  const key = sql.ref(`user_index.${column}`);
  const beyond = descending ? sql.raw("<") : sql.raw(">");

  const readBatch = async (
    narrow: (q: MatchingQuery) => MatchingQuery,
    order: { key: typeof key; descending: boolean },
  ): Promise<ExportRow[]> => {
    // Each batch its own read: another instance may change the catalogue during a long export.
    const flagPaths = await readFlagPathIds(db, dialect);
    const rows: ExportRow[] = await narrow(
      matchingUsers(db, dialect, plan.expr, plan.query, flagPaths),
    )
      .select([
        "user_index.user_id",
        "user_index.primary_email",
        "user_index.first_name",
        "user_index.last_name",
        "user_index.indexed_at",
        order.key.as("sort_key"),
      ])
      .$if(bags.length > 0, (q) => q.select(bags.map((bag) => `user_index.${bag}` as const)))
      .orderBy(order.key, (ob) => (order.descending ? ob.desc() : ob.asc()).nullsLast())
      .orderBy("user_index.user_id", order.descending ? "desc" : "asc")
      .limit(batchSize)
      .execute();
    return rows;
  };
  const written = (rows: ExportRow[]): ExportedUser[] => {
    for (const row of rows)
      if (Number(row.indexed_at) >= changedSince)
        writtenVersion.set(row.user_id, Number(row.indexed_at));
    return rows.map(exportedUser(bags));
  };

  let after: { key: unknown; id: string } | null = null;
  for (;;) {
    const from: { key: unknown; id: string } | null = after;
    const rows = await readBatch(
      (q) =>
        from === null
          ? q
          : q.where(
              from.key === null || from.key === undefined
                ? // In the tail of users without a value: only the ids after.
                  sql<boolean>`(${key} IS NULL AND user_index.user_id ${beyond} ${from.id})`
                : sql<boolean>`(${key} ${beyond} ${from.key} OR (${key} = ${from.key} AND user_index.user_id ${beyond} ${from.id}) OR ${key} IS NULL)`,
            ),
      { key, descending },
    );
    if (rows.length > 0) yield written(rows);
    if (rows.length < batchSize) break;
    const last = rows[rows.length - 1]!;
    after = { key: last.sort_key, id: last.user_id };
  }
  if (column === "created_at") return;

  let afterId: string | null = null;
  for (;;) {
    const fromId: string | null = afterId;
    const rows = await readBatch(
      (q) =>
        q
          .where("user_index.indexed_at", ">=", changedSince)
          .$if(fromId !== null, (w) => w.where("user_index.user_id", ">", fromId!)),
      { key: sql.ref("user_index.user_id"), descending: false },
    );
    const missed = rows.filter((row) => writtenVersion.get(row.user_id) !== Number(row.indexed_at));
    if (missed.length > 0) yield written(missed);
    if (rows.length < batchSize) return;
    afterId = rows[rows.length - 1]!.user_id;
  }
}

const exportedUser =
  (bags: readonly BagName[]) =>
  (row: ExportRow): ExportedUser => ({
    id: row.user_id,
    primaryEmail: row.primary_email,
    name: [row.first_name, row.last_name].filter(Boolean).join(" "),
    metadata: Object.fromEntries(bags.map((bag) => [bag, fromJsonColumn<unknown>(row[bag])])),
  });

/** How an export ended: how many users it handed over, and whether that was all of them. */
export interface ExportOutcome {
  rows: number;
  complete: boolean;
  /** Why it stopped early: the reader cancelled, or reading failed (with the error). */
  stopped?: { by: "reader" } | { by: "error"; error: unknown };
}

/**
 * The CSV as a byte stream that reads the next batch only when the reader asks for more
 * (high-water mark 0), so one batch at most is in memory and `rows` counts the users the reader
 * has taken. `onDone` runs exactly once, before the stream closes or as it is cancelled or fails.
 */
export function usersCsvStream(
  batches: AsyncGenerator<ExportedUser[], void, undefined>,
  paths: readonly ExportPath[],
  onDone: (outcome: ExportOutcome) => Promise<void>,
  { byteOrderMark = false }: { byteOrderMark?: boolean } = {},
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let rows = 0;
  let headerSent = false;
  let settled = false;
  const settle = async (outcome: Omit<ExportOutcome, "rows">) => {
    if (settled) return;
    settled = true;
    await onDone({ rows, ...outcome });
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!headerSent) {
          headerSent = true;
          // The byte-order mark goes with the header, in the stream itself: a transform in front
          // would read a batch ahead of the client, and the audited count with it.
          controller.enqueue(encoder.encode((byteOrderMark ? UTF8_BOM : "") + exportHeader(paths)));
          return;
        }
        try {
          const next = await batches.next();
          if (settled) return; // cancelled while the batch was read
          if (next.done) {
            await settle({ complete: true });
            controller.close();
            return;
          }
          controller.enqueue(encoder.encode(next.value.map((u) => exportRow(u, paths)).join("")));
          rows += next.value.length;
        } catch (error) {
          await settle({ complete: false, stopped: { by: "error", error } });
          controller.error(error);
        }
      },
      async cancel() {
        await settle({ complete: false, stopped: { by: "reader" } });
        await batches.return();
      },
    },
    { highWaterMark: 0 },
  );
}

/**
 * The CSV stream, once its first batch has been read: an export that cannot start (the index
 * unreadable) is a failure the route answers with an error status, never an empty 200.
 */
export async function startUsersCsv(
  batches: AsyncGenerator<ExportedUser[], void, undefined>,
  paths: readonly ExportPath[],
  onDone: (outcome: ExportOutcome) => Promise<void>,
  options: { byteOrderMark?: boolean } = {},
): Promise<Result<ReadableStream<Uint8Array>, { message: string; cause: unknown }>> {
  let first: IteratorResult<ExportedUser[], void>;
  try {
    first = await batches.next();
  } catch (error) {
    await onDone({ rows: 0, complete: false, stopped: { by: "error", error } });
    return fail({
      message: "The export could not read the user index. Nothing was exported.",
      cause: error,
    });
  }
  async function* fromFirst() {
    if (!first.done) yield first.value;
    yield* batches;
  }
  return ok(usersCsvStream(fromFirst(), paths, onDone, options));
}
