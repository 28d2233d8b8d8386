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
  sort_key: unknown;
} & Partial<Record<BagName, unknown>>;

/**
 * The list's order when it is sorted by creation, which never changes; otherwise newest first.
 * A value that can change while the export runs (a name, `updated_at`) would move a user across
 * the export's cursor, and they would be skipped or written twice.
 */
function exportOrder(orderBy: string): UsersExportPlan["order"] {
  const order = indexOrder(orderBy);
  return order.column === "created_at" ? order : { column: "created_at", descending: true };
}

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
    order: exportOrder(request.orderBy),
    fromClerk: where === "" && request.query.trim() !== "",
    orderBy: request.orderBy,
  });
}

/**
 * Every user the plan matches, `batchSize` at a time, in the list's order (its column, then
 * the id, the same way; users without a value last, as the list shows them). Each batch
 * starts after the last row of the one before (keyset paging), so a batch costs the same
 * wherever it falls and a user added or removed meanwhile shifts nothing. Only the documents
 * the paths read are loaded.
 */
export async function* exportBatches(
  db: Kysely<ConsoleDatabase>,
  dialect: Dialect,
  plan: UsersExportPlan,
  batchSize = EXPORT_BATCH_SIZE,
): AsyncGenerator<ExportedUser[], void, undefined> {
  const bags = [...new Set<BagName>(plan.paths.map(({ path }) => path.bag))];
  const { column, descending } = plan.order;
  const key = sql.ref(`user_index.${column}`);
  const beyond = descending ? sql.raw("<") : sql.raw(">");
  let after: { key: unknown; id: string } | null = null;
  for (;;) {
    const from: { key: unknown; id: string } | null = after;
    // Each batch its own read: another instance may change the catalogue during a long export.
    const flagPaths = await readFlagPathIds(db, dialect);
    const rows: ExportRow[] = await matchingUsers(db, dialect, plan.expr, plan.query, flagPaths)
      .select([
        "user_index.user_id",
        "user_index.primary_email",
        "user_index.first_name",
        "user_index.last_name",
        key.as("sort_key"),
      ])
      .$if(bags.length > 0, (q) => q.select(bags.map((bag) => `user_index.${bag}` as const)))
      .$if(from !== null, (q) =>
        q.where(
          from!.key === null || from!.key === undefined
            ? // In the tail of users without a value: only the ids after.
              sql<boolean>`(${key} IS NULL AND user_index.user_id ${beyond} ${from!.id})`
            : sql<boolean>`(${key} ${beyond} ${from!.key} OR (${key} = ${from!.key} AND user_index.user_id ${beyond} ${from!.id}) OR ${key} IS NULL)`,
        ),
      )
      .orderBy(key, (ob) => (descending ? ob.desc() : ob.asc()).nullsLast())
      .orderBy("user_index.user_id", descending ? "desc" : "asc")
      .limit(batchSize)
      .execute();
    if (rows.length > 0)
      yield rows.map((row) => ({
        id: row.user_id,
        primaryEmail: row.primary_email,
        name: [row.first_name, row.last_name].filter(Boolean).join(" "),
        metadata: Object.fromEntries(bags.map((bag) => [bag, fromJsonColumn<unknown>(row[bag])])),
      }));
    if (rows.length < batchSize) return;
    const last = rows[rows.length - 1]!;
    after = { key: last.sort_key, id: last.user_id };
  }
}

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
