import type { JsonObject, JsonValue } from "@/lib/metadata/json";
import type { FilterExpr, FilterPath, Scalar } from "./filter-ast";

/** What a filter reads of a user; the index stores the same. */
export interface FilterableUser {
  public_metadata: JsonObject;
  private_metadata: JsonObject;
  unsafe_metadata: JsonObject;
  emails: string[];
  username: string | null;
  external_id: string | null;
  created_at: number;
  last_active_at: number | null;
  banned: boolean;
}

/** Only A–Z are folded, as SQLite's lower() does: the same answer in every database. */
function asciiLower(text: string): string {
  return text.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

/** Code-point order, as SQLite's BINARY and PostgreSQL's "C" collation compare UTF-8. */
function compareText(a: string, b: string): number {
  const x = Array.from(a, (c) => c.codePointAt(0)!);
  const y = Array.from(b, (c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

/** The value at a metadata path: keys step into objects only; undefined when absent. */
export function valueAt(document: JsonObject, keys: string[]): JsonValue | undefined {
  let current: JsonValue | undefined = document;
  for (const key of keys) {
    if (current === null || typeof current !== "object" || Array.isArray(current)) return undefined;
    current = Object.hasOwn(current, key) ? current[key] : undefined;
    if (current === undefined) return undefined;
  }
  return current;
}

function scalarEquals(value: JsonValue | undefined, literal: Scalar): boolean {
  return value !== undefined && (value === null || typeof value !== "object") && value === literal;
}

function ordered(value: JsonValue | undefined, op: string, literal: Scalar): boolean {
  let order: number;
  if (typeof literal === "number" && typeof value === "number") order = value - literal;
  else if (typeof literal === "string" && typeof value === "string")
    order = compareText(value, literal);
  else return false;
  return op === "<" ? order < 0 : op === "<=" ? order <= 0 : op === ">" ? order > 0 : order >= 0;
}

function containsIn(value: JsonValue | undefined, literal: Scalar): boolean {
  if (Array.isArray(value)) return value.some((element) => scalarEquals(element, literal));
  return typeof value === "string" && typeof literal === "string" && value.includes(literal);
}

/** The values a path holds for one comparison: one for a metadata path or field, each email. */
function valuesOf(user: FilterableUser, path: FilterPath): (JsonValue | undefined)[] {
  if (path.kind === "metadata") return [valueAt(user[path.bag], path.keys)];
  switch (path.field) {
    case "email":
      return user.emails.map(asciiLower);
    case "username":
      return [user.username ?? undefined];
    case "external_id":
      return [user.external_id ?? undefined];
    case "created_at":
      return [user.created_at];
    case "last_active_at":
      return [user.last_active_at ?? undefined];
    case "banned":
      return [user.banned];
  }
}

/** Emails compare without regard to A–Z case. */
function literalFor(path: FilterPath, literal: Scalar): Scalar {
  return path.kind === "field" && path.field === "email" && typeof literal === "string"
    ? asciiLower(literal)
    : literal;
}

/**
 * The meaning of a filter, in JavaScript: the reference the SQL of each database must agree
 * with. Every comparison is true or false (never unknown): a missing value matches no
 * comparison but `missing`, and `a != x` is exactly `not (a = x)`.
 */
export function evaluateFilter(expr: FilterExpr, user: FilterableUser): boolean {
  switch (expr.type) {
    case "and":
      return expr.items.every((item) => evaluateFilter(item, user));
    case "or":
      return expr.items.some((item) => evaluateFilter(item, user));
    case "not":
      return !evaluateFilter(expr.expr, user);
    case "exists":
      return valuesOf(user, expr.path).some((v) => v !== undefined);
    case "missing":
      return !valuesOf(user, expr.path).some((v) => v !== undefined);
    case "in":
      return expr.values.some((value) =>
        evaluateFilter({ type: "compare", path: expr.path, op: "=", value }, user),
      );
    case "contains": {
      const literal = literalFor(expr.path, expr.value);
      return valuesOf(user, expr.path).some((v) => containsIn(v, literal));
    }
    case "compare": {
      if (expr.op === "!=") return !evaluateFilter({ ...expr, op: "=" }, user);
      const literal = literalFor(expr.path, expr.value);
      return valuesOf(user, expr.path).some((v) =>
        expr.op === "=" ? scalarEquals(v, literal) : ordered(v, expr.op, literal),
      );
    }
  }
}
