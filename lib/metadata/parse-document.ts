import { parse, printParseErrorCode, type ParseError } from "jsonc-parser";
import { formatKeys } from "./path";
import { isJsonObject, type JsonObject } from "./json";

export type ParsedDocument =
  | { ok: true; value: JsonObject }
  | { ok: false; message: string; line: number | null; column: number | null };

function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split("\n");
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

/** Parses an editor's text as a metadata bag: strict JSON whose top level is an object. */
export function parseMetadataDocument(text: string): ParsedDocument {
  if (text.trim() === "")
    return {
      ok: false,
      message: "The document is empty; use {} for no metadata.",
      line: 1,
      column: 1,
    };
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, {
    disallowComments: true,
    allowTrailingComma: false,
    allowEmptyContent: false,
  });
  const first = errors[0];
  if (first) {
    const { line, column } = position(text, first.offset);
    return {
      ok: false,
      message: `Invalid JSON at line ${line}, column ${column}: ${describe(printParseErrorCode(first.error))}.`,
      line,
      column,
    };
  }
  if (!isJsonObject(value)) {
    const kind = Array.isArray(value) ? "an array" : value === null ? "null" : `a ${typeof value}`;
    return {
      ok: false,
      message: `Metadata must be a JSON object ({ … }), not ${kind}.`,
      line: 1,
      column: 1,
    };
  }
  return { ok: true, value };
}

const DESCRIPTIONS: Record<string, string> = {
  InvalidSymbol: "unexpected character",
  InvalidNumberFormat: "malformed number",
  PropertyNameExpected: "a property name in double quotes was expected",
  ValueExpected: "a value was expected",
  ColonExpected: "':' was expected",
  CommaExpected: "',' was expected",
  CloseBraceExpected: "'}' was expected",
  CloseBracketExpected: "']' was expected",
  EndOfFileExpected: "nothing may follow the closing '}'",
  InvalidCommentToken: "comments are not allowed",
  UnexpectedEndOfComment: "unfinished comment",
  UnexpectedEndOfString: "unfinished string",
  UnexpectedEndOfNumber: "unfinished number",
  InvalidUnicode: "invalid unicode escape",
  InvalidEscapeCharacter: "invalid escape character",
  InvalidCharacter: "invalid character in a string",
};

function describe(code: string): string {
  return DESCRIPTIONS[code] ?? code;
}

/** Formats a bag the way the editor shows it. */
export function formatDocument(value: JsonObject): string {
  return JSON.stringify(value, null, 2);
}

/** Paths (`a.b.c`) of every null in a document: saved through a merge patch they delete, not store. */
export function nullPaths(value: unknown, prefix: string[] = []): string[] {
  if (value === null) return [formatKeys(prefix)];
  if (Array.isArray(value)) return [];
  if (isJsonObject(value))
    return Object.entries(value).flatMap(([k, v]) => nullPaths(v, [...prefix, k]));
  return [];
}
