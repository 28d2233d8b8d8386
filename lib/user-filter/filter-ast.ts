import { formatMetadataPath, type MetadataPath } from "@/lib/metadata/path";
/**
 * A `where` expression over users (the `/users` filter): comparisons joined with and, or, not.
 * Paths reach into a metadata document or name a field of the user.
 */

export const USER_FIELDS = [
  "email",
  "username",
  "external_id",
  "created_at",
  "last_active_at",
  "banned",
] as const;
export type UserField = (typeof USER_FIELDS)[number];

/** A metadata path (lib/metadata/path.ts), or a field of the user. */
export type FilterPath =
  ({ kind: "metadata" } & MetadataPath) | { kind: "field"; field: UserField };

/** The literals a comparison takes: JSON scalars (dates are ISO strings). */
export type Scalar = string | number | boolean | null;

export type CompareOp = "=" | "!=" | "<" | "<=" | ">" | ">=";

export type FilterExpr =
  | { type: "and"; items: FilterExpr[] }
  | { type: "or"; items: FilterExpr[] }
  | { type: "not"; expr: FilterExpr }
  | { type: "compare"; path: FilterPath; op: CompareOp; value: Scalar }
  | { type: "in"; path: FilterPath; values: Scalar[] }
  | { type: "contains"; path: FilterPath; value: Scalar }
  | { type: "exists"; path: FilterPath }
  | { type: "missing"; path: FilterPath };

/** A path as it is written in an expression (`["odd key"]` where a key is not an identifier). */
export function formatPath(path: FilterPath): string {
  return path.kind === "field" ? path.field : formatMetadataPath(path);
}

/** The metadata paths an expression reads, each once, in the order they first appear. */
export function metadataPathsOf(expr: FilterExpr): Extract<FilterPath, { kind: "metadata" }>[] {
  const found = new Map<string, Extract<FilterPath, { kind: "metadata" }>>();
  const visit = (node: FilterExpr): void => {
    if (node.type === "and" || node.type === "or") node.items.forEach(visit);
    else if (node.type === "not") visit(node.expr);
    else if (node.path.kind === "metadata") {
      const key = formatPath(node.path);
      if (!found.has(key)) found.set(key, node.path);
    }
  };
  visit(expr);
  return [...found.values()];
}
