import { fail, ok, type Result } from "@/lib/result/result";
import { parseFilter } from "./parse-filter";

/** The operators the builder offers, as they are written in an expression. */
export const BUILDER_OPERATORS = [
  "=",
  "!=",
  "<",
  "<=",
  ">",
  ">=",
  "contains",
  "in",
  "exists",
  "missing",
] as const;
export type BuilderOperator = (typeof BUILDER_OPERATORS)[number];

/** Operators that take no value. */
export const UNARY_OPERATORS: readonly BuilderOperator[] = ["exists", "missing"];

/** A path the builder offers, and where it comes from. */
export interface PathSuggestion {
  path: string;
  from: "flag" | "field" | "index";
}

export interface BuiltCondition {
  path: string;
  op: BuilderOperator;
  /** As typed: a JSON literal, or plain text (taken as a string). For `in`, comma-separated. */
  value: string;
}

/** A typed value as a literal: JSON when it is a JSON scalar, else the text as a string. */
function literal(typed: string): string {
  const text = typed.trim();
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || ["string", "number", "boolean"].includes(typeof value)) return text;
  } catch {
    // Not JSON: a word like pro, or an email address, means that text.
  }
  return JSON.stringify(text);
}

/** `[a, b]` as typed, or `a, b`: each element a literal. */
function listLiteral(typed: string): string {
  const text = typed.trim();
  if (text.startsWith("[")) return text;
  return `[${text
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .map(literal)
    .join(", ")}]`;
}

/**
 * One comparison as expression text, checked by the same parser the Filter box runs: the
 * builder can only ever write what the text box accepts.
 */
export function conditionText(condition: BuiltCondition): Result<string, string> {
  const path = condition.path.trim();
  if (path === "") return fail("Choose a path.");
  const unary = UNARY_OPERATORS.includes(condition.op);
  if (!unary && condition.value.trim() === "") return fail("Give a value.");
  const value = unary
    ? ""
    : condition.op === "in"
      ? listLiteral(condition.value)
      : literal(condition.value);
  const text = unary ? `${path} ${condition.op}` : `${path} ${condition.op} ${value}`;
  const parsed = parseFilter(text);
  if (!parsed.ok) return fail(`At character ${parsed.error.position + 1}: ${parsed.error.message}`);
  return ok(text);
}

/**
 * The filter with one more condition: `and` binds tighter than `or`, so a filter whose top
 * level is an `or` is put in parentheses before an `and` is added to it.
 */
export function addCondition(filter: string, condition: string, join: "and" | "or"): string {
  const current = filter.trim();
  if (current === "") return condition;
  if (join === "or") return `${current} or ${condition}`;
  const parsed = parseFilter(current);
  const needsParentheses = !parsed.ok || parsed.value.type === "or";
  return `${needsParentheses ? `(${current})` : current} and ${condition}`;
}
