import type { Dialect } from "@/lib/db/dialect";
import { type BagName } from "@/lib/metadata/bags";
import { sql, type RawBuilder } from "kysely";
import type { FilterExpr, FilterPath, Scalar } from "@/lib/user-filter/filter-ast";
import {
  flagValueCondition,
  NO_FLAG_PATHS,
  selectionOf,
  type FlagPathIds,
} from "../flag-values/flag-value-table";

type Condition = RawBuilder<unknown>;
/** The comparisons every other is built from (`!=`, `in`, `missing` and `not`). */
type AtomKind = "=" | "<" | "<=" | ">" | ">=" | "contains" | "exists";

const TRUE = sql`(1 = 1)`;
const FALSE = sql`(1 = 0)`;
const asciiLowerText = (value: string) => value.replace(/[A-Z]/g, (c) => c.toLowerCase());

/** Terms joined flat; more are grouped, so the expression's depth grows with the log of them. */
const FLAT_TERMS = 8;

/**
 * `a OR b OR …` nests one level per term in the database's parser, and SQLite refuses an
 * expression deeper than 1,000 ("Expression tree is too large"): a long `in` list or a long
 * `or` is joined as groups of groups instead, the same condition at a depth of a few dozen.
 */
function join(parts: Condition[], separator: "AND" | "OR"): Condition {
  if (parts.length === 0) return separator === "AND" ? TRUE : FALSE;
  if (parts.length <= FLAT_TERMS) return sql`(${sql.join(parts, sql.raw(` ${separator} `))})`;
  const size = Math.ceil(parts.length / FLAT_TERMS);
  const groups: Condition[] = [];
  for (let at = 0; at < parts.length; at += size)
    groups.push(join(parts.slice(at, at + size), separator));
  return join(groups, separator);
}

/** JSON paths of SQLite: every key quoted (JSON string escapes), objects only. */
function sqlitePath(keys: string[]): string {
  return `$${keys.map((key) => `.${JSON.stringify(key)}`).join("")}`;
}

/**
 * `json_extract(<bag>, '<path>')` with the path written into the SQL: SQLite uses an expression
 * index (the catalogued flag paths have one) only for the same expression, and a bound
 * parameter never equals the literal in the index. `sql.lit` doubles single quotes.
 */
export function sqliteExtract(bag: BagName, keys: string[]): Condition {
  // Unqualified: SQLite refuses `table.column` in an index's expression (and matches either).
  return sql`json_extract(${sql.ref(bag)}, ${sql.lit(sqlitePath(keys))})`;
}

/** The jsonb at a path on PostgreSQL: `->` with text keys, which never index into arrays. */
function pgValue(bag: BagName, keys: string[]): Condition {
  return keys.reduce<Condition>(
    (value, key) => sql`(${value} -> CAST(${key} AS text))`,
    sql.ref(`user_index.${bag}`),
  );
}

/** `json_type(<bag>, '<path>')`, written like `sqliteExtract` for the same reason. */
export function sqliteType(bag: BagName, keys: string[]): Condition {
  return sql`json_type(${sql.ref(bag)}, ${sql.lit(sqlitePath(keys))})`;
}

/** SQLite's json_type of a JSON scalar, for equality on both the value and its type. */
function sqliteScalarEquals(type: Condition, value: Condition, literal: Scalar): Condition {
  if (literal === null) return sql`(${type} = 'null')`;
  if (typeof literal === "boolean") return sql`(${type} = ${literal ? "true" : "false"})`;
  if (typeof literal === "number")
    return sql`(${type} IN ('integer', 'real') AND ${value} = ${literal})`;
  return sql`(${type} = 'text' AND ${value} = ${literal})`;
}

function ordering(op: string): Condition {
  return sql.raw(op);
}

/**
 * On PostgreSQL, `=` (or `in`) on a catalogued flag path with strings and booleans, read from
 * the table of flag values; null when the table does not hold the path or a value.
 */
function catalogueLookup(path: FilterPath, values: Scalar[], ids: FlagPathIds): Condition | null {
  const selection = selectionOf(path, values, ids);
  return selection && flagValueCondition(selection);
}

/** One metadata comparison (`!=`, `in` and `not` are built from these). */
function metadataAtom(
  dialect: Dialect,
  path: Extract<FilterPath, { kind: "metadata" }>,
  atom: { kind: AtomKind; value?: Scalar },
  ids: FlagPathIds,
): Condition {
  const { bag, keys } = path;
  if (dialect === "sqlite") {
    const column = sql.ref(`user_index.${bag}`);
    const at = sql.lit(sqlitePath(keys));
    const type = sqliteType(bag, keys);
    const value = sqliteExtract(bag, keys);
    const literal = atom.value ?? null;
    switch (atom.kind) {
      case "exists":
        return sql`(${type} IS NOT NULL)`;
      case "=":
        return sqliteScalarEquals(type, value, literal);
      case "contains": {
        const element = sqliteScalarEquals(sql`e.type`, sql`e.value`, literal);
        const inArray = sql`(${type} = 'array' AND EXISTS (SELECT 1 FROM json_each(${column}, ${at}) AS e WHERE ${element}))`;
        if (typeof literal !== "string") return inArray;
        return sql`(${inArray} OR (${type} = 'text' AND instr(${value}, ${literal}) > 0))`;
      }
      default:
        return typeof literal === "number"
          ? sql`(${type} IN ('integer', 'real') AND ${value} ${ordering(atom.kind)} ${literal})`
          : sql`(${type} = 'text' AND ${value} ${ordering(atom.kind)} ${literal})`;
    }
  }
  const value = pgValue(bag, keys);
  const literal = atom.value ?? null;
  const json = JSON.stringify(literal);
  switch (atom.kind) {
    case "exists":
      return sql`(${value} IS NOT NULL)`;
    case "=": {
      const catalogued = catalogueLookup(path, [literal], ids);
      if (catalogued) return catalogued;
      // The containment test can use the column's GIN index; the equality says exactly what is meant.
      let document: unknown = literal;
      for (const key of [...keys].reverse()) document = { [key]: document };
      return sql`(${sql.ref(`user_index.${bag}`)} @> CAST(${JSON.stringify(document)} AS jsonb) AND ${value} = CAST(${json} AS jsonb))`;
    }
    case "contains": {
      // An array contains a one-element array of a scalar when one of its own elements equals it
      // (nested arrays and objects never do): the element test without unnesting every array.
      const inArray = sql`(jsonb_typeof(${value}) = 'array' AND ${value} @> CAST(${`[${json}]`} AS jsonb))`;
      if (typeof literal !== "string") return inArray;
      return sql`(${inArray} OR (jsonb_typeof(${value}) = 'string' AND strpos(${value} #>> '{}', CAST(${literal} AS text)) > 0))`;
    }
    default:
      return typeof literal === "number"
        ? // CASE, not AND: PostgreSQL may evaluate AND's sides in any order, and the cast fails on text.
          sql`(CASE WHEN jsonb_typeof(${value}) = 'number' THEN CAST(${value} AS numeric) ${ordering(atom.kind)} CAST(${literal} AS numeric) ELSE false END)`
        : sql`(jsonb_typeof(${value}) = 'string' AND (${value} #>> '{}') COLLATE "C" ${ordering(atom.kind)} CAST(${literal} AS text) COLLATE "C")`;
  }
}

/**
 * Text compared byte by byte, as the reference evaluation does. On PostgreSQL an ordering needs
 * COLLATE "C"; equality does not (a database's collation is deterministic, so equal means the
 * same bytes) and must not have it: a B-tree index in the database's collation (the primary
 * key of user_index_email) serves only comparisons in that collation.
 */
function textCompare(dialect: Dialect, left: Condition, op: string, right: Condition): Condition {
  return dialect === "postgres" && op !== "="
    ? sql`(${left} COLLATE "C" ${ordering(op)} ${right} COLLATE "C")`
    : sql`(${left} ${ordering(op)} ${right})`;
}

/**
 * The users with an address in user_index_email, which holds every address lower-cased (A–Z)
 * as the comparison wants it, that meets `where` (any, without): one read of short rows for
 * the whole query, where reading each user's JSON list cost PostgreSQL seconds at a million
 * users. Never NULL, so `not` needs nothing more.
 */
function emailAddresses(where: Condition | null): Condition {
  return sql`user_index.user_id IN (SELECT user_id FROM user_index_email${where ? sql` WHERE ${where}` : sql``})`;
}

/** The test of one address for a comparison of `email`; null for `exists` (any address). */
function emailWhere(dialect: Dialect, kind: AtomKind, literal: Scalar): Condition | null {
  if (kind === "exists") return null;
  const lowered = asciiLowerText(String(literal));
  const needle = sql`${lowered}`;
  if (kind === "contains")
    return dialect === "sqlite"
      ? sql`instr(email, ${needle}) > 0`
      : // LIKE, which the trigram index of migration 0020 serves, with its wildcards escaped.
        sql`email LIKE ${`%${lowered.replace(/[\\%_]/g, "\\$&")}%`}`;
  return textCompare(
    dialect,
    sql`email`,
    kind,
    dialect === "sqlite" ? needle : sql`CAST(${needle} AS text)`,
  );
}

/** One comparison of a user field. */
function fieldAtom(
  dialect: Dialect,
  field: Extract<FilterPath, { kind: "field" }>["field"],
  atom: { kind: AtomKind; value?: Scalar },
): Condition {
  const literal = atom.value ?? null;
  if (field === "email") return emailAddresses(emailWhere(dialect, atom.kind, literal));
  const column = sql.ref(`user_index.${field}`);
  if (atom.kind === "exists") return sql`(${column} IS NOT NULL)`;
  if (field === "banned") return sql`(${column} = ${literal ? 1 : 0})`;
  if (field === "created_at" || field === "last_active_at")
    return sql`(${column} IS NOT NULL AND ${column} ${ordering(atom.kind === "contains" ? "=" : atom.kind)} ${literal})`;
  if (atom.kind === "contains")
    return dialect === "sqlite"
      ? sql`(${column} IS NOT NULL AND instr(${column}, ${literal}) > 0)`
      : sql`(${column} IS NOT NULL AND strpos(${column}, CAST(${literal} AS text)) > 0)`;
  return sql`(${column} IS NOT NULL AND ${textCompare(dialect, column, atom.kind, sql`CAST(${literal} AS text)`)})`;
}

function atom(
  dialect: Dialect,
  ids: FlagPathIds,
  path: FilterPath,
  kind: AtomKind,
  value?: Scalar,
): Condition {
  const condition =
    path.kind === "metadata"
      ? metadataAtom(dialect, path, { kind, value }, ids)
      : fieldAtom(dialect, path.field, { kind, value });
  // Never unknown: NULL (a missing value) counts as false, so `not` means what it says.
  return dialect === "sqlite" ? sql`COALESCE(${condition}, 0)` : sql`COALESCE(${condition}, false)`;
}

/** The condition for one expression, at any depth (no index hints: see `filterCondition`). */
function condition(expr: FilterExpr, dialect: Dialect, ids: FlagPathIds): Condition {
  switch (expr.type) {
    case "and":
      return join(
        expr.items.map((item) => condition(item, dialect, ids)),
        "AND",
      );
    case "or":
      return join(
        expr.items.map((item) => condition(item, dialect, ids)),
        "OR",
      );
    case "not":
      return sql`(NOT ${condition(expr.expr, dialect, ids)})`;
    case "exists":
      return atom(dialect, ids, expr.path, "exists");
    case "missing":
      return sql`(NOT ${atom(dialect, ids, expr.path, "exists")})`;
    case "contains":
      return atom(dialect, ids, expr.path, "contains", expr.value);
    case "in":
      return join(
        expr.values.map((value) => atom(dialect, ids, expr.path, "=", value)),
        "OR",
      );
    case "compare":
      return expr.op === "!="
        ? sql`(NOT ${atom(dialect, ids, expr.path, "=", expr.value)})`
        : atom(dialect, ids, expr.path, expr.op, expr.value);
  }
}

/** What `json_extract` answers for a JSON scalar on SQLite: booleans come back as 1 and 0. */
const sqliteExtracted = (value: Exclude<Scalar, null>) =>
  typeof value === "boolean" ? (value ? 1 : 0) : value;

/** A condition implied by one `=` or `in` on a metadata path, in a form an index can serve. */
function indexableHint(
  dialect: Dialect,
  path: Extract<FilterPath, { kind: "metadata" }>,
  values: Scalar[],
): Condition | null {
  if (values.length === 0 || values.some((value) => value === null)) return null;
  const literals = values as Exclude<Scalar, null>[];
  if (dialect === "sqlite") {
    const extracted = sqliteExtract(path.bag, path.keys);
    return sql`${extracted} IN (${sql.join(literals.map((value) => sqliteExtracted(value)))})`;
  }
  const column = sql.ref(`user_index.${path.bag}`);
  const contains = literals.map((value) => {
    let document: unknown = value;
    for (const key of [...path.keys].reverse()) document = { [key]: document };
    return sql`${column} @> CAST(${JSON.stringify(document)} AS jsonb)`;
  });
  return join(contains, "OR");
}

/**
 * A top-level comparison of `email` but `!=` and `missing`, as the one `IN` over
 * user_index_email it is: exactly the comparison, never NULL.
 */
function emailCondition(dialect: Dialect, item: FilterExpr): Condition | null {
  switch (item.type) {
    case "compare":
      return item.op === "!=" ? null : emailAddresses(emailWhere(dialect, item.op, item.value));
    case "contains":
      return emailAddresses(emailWhere(dialect, "contains", item.value));
    case "exists":
      return emailAddresses(null);
    case "in":
      return emailAddresses(
        join(
          item.values.map((value) => emailWhere(dialect, "=", value)!),
          "OR",
        ),
      );
    default:
      return null;
  }
}

/**
 * A top-level item of the filter as a plain semi-join, when it is one exactly: a comparison of
 * `email` (user_index_email) or, on PostgreSQL, `=` or `in` on a catalogued flag path (its table
 * of flag values). `condition` wraps every comparison in COALESCE (so that `not` is two-valued),
 * which hides it from the planner; these need no wrapping, and the planner can drive the query
 * from them (beside a COALESCE'd copy, PostgreSQL scanned every user instead).
 */
function exactCondition(item: FilterExpr, dialect: Dialect, ids: FlagPathIds): Condition | null {
  if (item.type === "and" || item.type === "or" || item.type === "not") return null;
  if (item.path.kind === "field")
    return item.path.field === "email" ? emailCondition(dialect, item) : null;
  if (dialect !== "postgres") return null;
  if (item.type !== "in" && !(item.type === "compare" && item.op === "=")) return null;
  return catalogueLookup(item.path, item.type === "in" ? item.values : [item.value], ids);
}

/**
 * A condition implied by a top-level `=` or `in` on a metadata path that an index can serve,
 * beside the item's COALESCE'd condition: true wherever the item is, so it never changes the
 * result. SQLite reads it through the catalogued flag paths' expression indexes, PostgreSQL
 * through the GIN indexes on the metadata columns.
 */
function indexHint(item: FilterExpr, dialect: Dialect): Condition | null {
  if (item.type !== "in" && !(item.type === "compare" && item.op === "=")) return null;
  if (item.path.kind !== "metadata") return null;
  return indexableHint(dialect, item.path, item.type === "in" ? item.values : [item.value]);
}

/**
 * The SQL condition over `user_index` that selects exactly the users `evaluateFilter` accepts
 * (lib/user-filter/evaluate-filter.ts), on SQLite (JSON1) or PostgreSQL (jsonb): per top-level
 * `and` item, its exact semi-join or its index hint and condition. `ids` are the flag paths
 * PostgreSQL's table of flag values holds now (`readFlagPathIds`); without them every path is
 * read from the documents, with the same result. `indexes: false` leaves the semi-joins and
 * index hints out, testing every comparison on the row itself: for a read that walks the rows
 * in an order's index rather than gathering every match first.
 */
export function filterCondition(
  expr: FilterExpr,
  dialect: Dialect,
  ids: FlagPathIds = NO_FLAG_PATHS,
  { indexes = true }: { indexes?: boolean } = {},
): Condition {
  const items = expr.type === "and" ? expr.items : [expr];
  return join(
    items.flatMap((item) => {
      const exact = indexes ? exactCondition(item, dialect, ids) : null;
      if (exact) return [exact];
      const hint = indexes ? indexHint(item, dialect) : null;
      return [...(hint ? [hint] : []), condition(item, dialect, ids)];
    }),
    "AND",
  );
}
