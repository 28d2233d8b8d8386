import { sql, type RawBuilder } from "kysely";
import type { FilterExpr, FilterPath, MetadataBag, Scalar } from "@/lib/user-filter/filter-ast";
import {
  flagPathId,
  flagValueCondition,
  NO_FLAG_PATHS,
  storedValues,
  type FlagPathIds,
} from "./flag-value-table";

export type Dialect = "sqlite" | "postgres";
type Condition = RawBuilder<unknown>;

const TRUE = sql`(1 = 1)`;
const FALSE = sql`(1 = 0)`;
const asciiLowerText = (value: string) => value.replace(/[A-Z]/g, (c) => c.toLowerCase());

function join(parts: Condition[], separator: "AND" | "OR"): Condition {
  if (parts.length === 0) return separator === "AND" ? TRUE : FALSE;
  return sql`(${sql.join(parts, sql.raw(` ${separator} `))})`;
}

/** JSON paths of SQLite: every key quoted (JSON string escapes), objects only. */
export function sqlitePath(keys: string[]): string {
  return `$${keys.map((key) => `.${JSON.stringify(key)}`).join("")}`;
}

/**
 * `json_extract(<bag>, '<path>')` with the path written into the SQL: SQLite uses an expression
 * index (the catalogued flag paths have one) only for the same expression, and a bound
 * parameter never equals the literal in the index. `sql.lit` doubles single quotes.
 */
export function sqliteExtract(bag: MetadataBag, keys: string[]): Condition {
  // Unqualified: SQLite refuses `table.column` in an index's expression (and matches either).
  return sql`json_extract(${sql.ref(bag)}, ${sql.lit(sqlitePath(keys))})`;
}

/** The jsonb at a path on PostgreSQL: `->` with text keys, which never index into arrays. */
function pgValue(bag: MetadataBag, keys: string[]): Condition {
  return keys.reduce<Condition>(
    (value, key) => sql`(${value} -> CAST(${key} AS text))`,
    sql.ref(`user_index.${bag}`),
  );
}

/** `json_type(<bag>, '<path>')`, written like `sqliteExtract` for the same reason. */
export function sqliteType(bag: MetadataBag, keys: string[]): Condition {
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
  const pathId = flagPathId(path, ids);
  const texts = storedValues(values);
  return pathId === undefined || texts === null
    ? null
    : flagValueCondition({ pathId, values: texts });
}

/** One metadata comparison (`!=`, `in` and `not` are built from these). */
function metadataAtom(
  dialect: Dialect,
  path: Extract<FilterPath, { kind: "metadata" }>,
  atom: { kind: "=" | "<" | "<=" | ">" | ">=" | "contains" | "exists"; value?: Scalar },
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

/** One comparison of a user field. */
function fieldAtom(
  dialect: Dialect,
  field: Extract<FilterPath, { kind: "field" }>["field"],
  atom: { kind: "=" | "<" | "<=" | ">" | ">=" | "contains" | "exists"; value?: Scalar },
): Condition {
  const literal = atom.value ?? null;
  if (field === "email") {
    // From user_index_email, which holds every address lower-cased (A–Z) as the comparison
    // wants it: one scan of short rows for the whole query (an uncorrelated IN is computed
    // once and hashed), where reading each user's JSON list cost PostgreSQL seconds at a
    // million users. Never NULL, so `not` needs nothing more.
    const addresses = (where?: Condition) =>
      sql`user_index.user_id IN (SELECT user_id FROM user_index_email${where ? sql` WHERE ${where}` : sql``})`;
    if (atom.kind === "exists") return addresses();
    const lowered = asciiLowerText(String(literal));
    const needle = sql`${lowered}`;
    return addresses(
      atom.kind === "contains"
        ? dialect === "sqlite"
          ? sql`instr(email, ${needle}) > 0`
          : // LIKE, which the trigram index of migration 0020 serves, with its wildcards escaped.
            sql`email LIKE ${`%${lowered.replace(/[\\%_]/g, "\\$&")}%`}`
        : textCompare(
            dialect,
            sql`email`,
            atom.kind,
            dialect === "sqlite" ? needle : sql`CAST(${needle} AS text)`,
          ),
    );
  }
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
  kind: "=" | "<" | "<=" | ">" | ">=" | "contains" | "exists",
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
  ids: FlagPathIds,
): Condition | null {
  if (values.length === 0 || values.some((value) => value === null)) return null;
  if (dialect === "postgres") {
    const catalogued = catalogueLookup(path, values, ids);
    if (catalogued) return catalogued;
  }
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
 * A top-level comparison of `email`, unwrapped: it is already an uncorrelated `IN` over
 * user_index_email (see `fieldAtom`), which the planner can drive the query from.
 */
function emailHint(dialect: Dialect, item: FilterExpr): Condition[] {
  const atom = (kind: "=" | "<" | "<=" | ">" | ">=" | "contains" | "exists", value?: Scalar) =>
    fieldAtom(dialect, "email", { kind, value });
  switch (item.type) {
    case "compare":
      return item.op === "!=" ? [] : [atom(item.op, item.value)];
    case "contains":
      return [atom("contains", item.value)];
    case "exists":
      return [atom("exists")];
    case "in":
      return [
        join(
          item.values.map((value) => atom("=", value)),
          "OR",
        ),
      ];
    default:
      return [];
  }
}

/**
 * Conditions implied by the filter that the query planner can answer from an index: each `=`
 * or `in` on a metadata path, and each comparison of `email` but `!=` and `missing`, among the
 * filter's top-level `and` items.
 * `condition` wraps every comparison in COALESCE (so that `not` is two-valued), which hides it
 * from the planner; these sit beside it, unwrapped, and never change the result (each is true
 * wherever the filter is). SQLite reads them through the catalogued flag paths' expression
 * indexes, PostgreSQL through its table of flag values for those paths and the GIN indexes on
 * the metadata columns for the others, and both read emails from user_index_email.
 */
function indexHints(expr: FilterExpr, dialect: Dialect, ids: FlagPathIds): Condition[] {
  const items = expr.type === "and" ? expr.items : [expr];
  return items.flatMap((item) => {
    if (item.type === "and" || item.type === "or" || item.type === "not") return [];
    if (item.path.kind === "field")
      return item.path.field === "email" ? emailHint(dialect, item) : [];
    if (item.type !== "in" && !(item.type === "compare" && item.op === "=")) return [];
    const values = item.type === "in" ? item.values : [item.value];
    const hint = indexableHint(dialect, item.path, values, ids);
    return hint ? [hint] : [];
  });
}

/**
 * The SQL condition over `user_index` that selects exactly the users `evaluateFilter` accepts
 * (lib/user-filter/evaluate-filter.ts), on SQLite (JSON1) or PostgreSQL (jsonb), with the
 * index hints in front. `ids` are the flag paths PostgreSQL's table of flag values holds now
 * (`readFlagPathIds`); without them every path is read from the documents, with the same result.
 */
export function filterCondition(
  expr: FilterExpr,
  dialect: Dialect,
  ids: FlagPathIds = NO_FLAG_PATHS,
): Condition {
  return join([...indexHints(expr, dialect, ids), condition(expr, dialect, ids)], "AND");
}
