import { type BagName } from "@/lib/metadata/bags";
import type { JsonValue } from "@/lib/metadata/json";
import type {} from "@/lib/user-filter/filter-ast";
import { valueAt } from "@/lib/user-filter/evaluate-filter";
import type { ExportPath } from "./export-paths";

/** A user as the export writes them: the fixed columns, and the documents its paths read. */
export interface ExportedUser {
  id: string;
  primaryEmail: string | null;
  /** First and last name, as the users table shows them; "" when neither is set. */
  name: string;
  metadata: Partial<Record<BagName, unknown>>;
}

/** The columns every export starts with, before the chosen metadata paths. */
const FIXED_COLUMNS = ["id", "primary_email", "name"] as const;

/** A whole JSON number: a spreadsheet reads it as that number, never as a formula. */
const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

/**
 * What makes a spreadsheet run a cell as a formula: `=`, `+`, `-` or `@`, or their full-width
 * and small forms (which some spreadsheets fold into them), after any leading whitespace, tab,
 * carriage return or line feed (which they strip before deciding), or any control, format or
 * separator character (U+0085, U+200B, U+2061, …), combining mark (U+034F, U+0301, …) or
 * character drawn blank (the Hangul fillers U+115F, U+1160, U+3164, U+FFA0, and the blank
 * braille pattern U+2800), which a spreadsheet may strip too, or a reader not see.
 */
const FORMULA_START =
  /^[\s\p{Cc}\p{Cf}\p{Z}\p{M}\u115F\u1160\u3164\uFFA0\u2800]*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20\uFE66\uFE62\uFE63\uFE6B]/u;

/** Whether a spreadsheet could run this cell as a formula. */
function startsFormula(cell: string): boolean {
  return FORMULA_START.test(cell) && !JSON_NUMBER.test(cell);
}

/**
 * A user controls their own name and unsafe metadata, so an export opened by staff could
 * otherwise run `=HYPERLINK(…)` or `=cmd|…` on the staff member's machine (OWASP "CSV
 * injection"). A leading apostrophe makes the cell text. Plain numbers (`-5`) are left alone:
 * they cannot be formulas, and an apostrophe would turn a negative count into text.
 */
export function neutraliseFormula(cell: string): string {
  return startsFormula(cell) ? `'${cell}` : cell;
}

/**
 * Every cell quoted, its quotes doubled (RFC 4180): a spreadsheet that splits on `;` or tab
 * (German or French Excel, LibreOffice) keeps a quoted cell whole, so `x;=1+1` stays one
 * cell rather than becoming a second one that starts a formula.
 */
export function quoteCell(cell: string): string {
  return `"${cell.replaceAll('"', '""')}"`;
}

/** The UTF-8 byte-order mark: how Excel knows the file is UTF-8 ("José", not "JosÃ©"). */
export const UTF8_BOM = "\uFEFF";

/** One CSV record, ended with CRLF as RFC 4180 says; every cell neutralised, then quoted. */
export function csvLine(cells: readonly string[]): string {
  return `${cells.map((cell) => quoteCell(neutraliseFormula(cell))).join(",")}\r\n`;
}

/** A metadata value in a cell: strings as they are, other JSON as JSON text, absent as empty. */
export function metadataCell(value: JsonValue | undefined): string {
  if (value === undefined) return "";
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** The header: the fixed columns, then each path as it was written. */
export function exportHeader(paths: readonly ExportPath[]): string {
  return csvLine([...FIXED_COLUMNS, ...paths.map((path) => path.text)]);
}

function documentOf(value: unknown): Record<string, JsonValue> | null {
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, JsonValue>)
    : null;
}

/** One user's record. */
export function exportRow(user: ExportedUser, paths: readonly ExportPath[]): string {
  return csvLine([
    user.id,
    user.primaryEmail ?? "",
    user.name,
    ...paths.map(({ path }) => {
      const document = documentOf(user.metadata[path.bag]);
      return metadataCell(document === null ? undefined : valueAt(document, path.keys));
    }),
  ]);
}

/** `users-20260131-0942.csv`: the moment of the export, in UTC, to the minute. */
export function exportFileName(at: Date): string {
  const stamp = at.toISOString(); // 2026-01-31T09:42:07.000Z
  return `users-${stamp.slice(0, 10).replaceAll("-", "")}-${stamp.slice(11, 13)}${stamp.slice(14, 16)}.csv`;
}
