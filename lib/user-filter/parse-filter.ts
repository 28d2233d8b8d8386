import { isoDateMs } from "@/lib/metadata/iso-date";
import { BAG_NAMES, type BagName } from "@/lib/metadata/bags";
import { leadingIdentifier, readJsonString } from "@/lib/metadata/path";
import { firstUnstorable } from "@/lib/metadata/storable-text";
import { fail, ok, type Result } from "@/lib/result/result";
import {
  USER_FIELDS,
  type CompareOp,
  type FilterExpr,
  type FilterPath,
  type Scalar,
  type UserField,
} from "./filter-ast";

/** Why an expression cannot run, and where: `position` is a 0-based offset into the text. */
export interface FilterSyntaxError {
  message: string;
  position: number;
  /** The whole expression corrected, when the mistake is a bare word where a string was meant. */
  suggestion?: string;
}

type Token =
  | { kind: "word"; text: string; at: number }
  | { kind: "string"; value: string; at: number; end: number }
  | { kind: "number"; value: number; at: number }
  | { kind: "punct"; text: string; at: number }
  | { kind: "end"; at: number };

class FilterError extends Error {
  constructor(
    message: string,
    readonly position: number,
    /** A word written where a value goes: most likely a string without its quotes. */
    readonly bareWord?: string,
  ) {
    super(message);
  }
}

const KEYWORDS = new Set([
  "and",
  "or",
  "not",
  "in",
  "exists",
  "missing",
  "contains",
  "true",
  "false",
  "null",
]);
/** The longest expression accepted: a URL-borne filter, not a program. */
export const MAX_FILTER_LENGTH = 4000;
/** The most values an `in` list takes (documented in docs/user-index.md). */
const MAX_IN_VALUES = 1000;
const MAX_DEPTH = 32;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"') {
      const read = readJsonString(text.slice(i));
      if ("error" in read)
        throw new FilterError(
          read.error === "not_closed"
            ? 'This string is not closed: add a ".'
            : "This string has an invalid escape (strings are JSON strings).",
          i,
        );
      if (firstUnstorable(read.value) !== -1)
        throw new FilterError(
          "Strings may not hold the NUL character (\\u0000) or half of a surrogate pair (\\ud800–\\udfff alone).",
          i,
        );
      tokens.push({ kind: "string", value: read.value, at: i, end: i + read.length });
      i += read.length;
      continue;
    }
    const number = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (number && (c === "-" || /\d/.test(c))) {
      const value = Number(number[0]);
      if (!Number.isFinite(value))
        throw new FilterError(`The number ${number[0]} is too large.`, i);
      tokens.push({ kind: "number", value, at: i });
      i += number[0].length;
      continue;
    }
    const two = text.slice(i, i + 2);
    if (two === "!=" || two === "<=" || two === ">=") {
      tokens.push({ kind: "punct", text: two, at: i });
      i += 2;
      continue;
    }
    if ("=<>()[],.".includes(c)) {
      tokens.push({ kind: "punct", text: c, at: i });
      i++;
      continue;
    }
    const word = leadingIdentifier(text.slice(i));
    if (word) {
      tokens.push({ kind: "word", text: word, at: i });
      i += word.length;
      continue;
    }
    throw new FilterError(`Unexpected "${c}".`, i);
  }
  tokens.push({ kind: "end", at: text.length });
  return tokens;
}

function describe(token: Token): string {
  switch (token.kind) {
    case "end":
      return "the end of the expression";
    case "string":
      return `the string ${JSON.stringify(token.value)}`;
    case "number":
      return `the number ${token.value}`;
    default:
      return `"${token.text}"`;
  }
}

class Parser {
  private index = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.index]!;
  }

  private next(): Token {
    const token = this.tokens[this.index]!;
    if (token.kind !== "end") this.index++;
    return token;
  }

  private isWord(token: Token, word: string): boolean {
    return token.kind === "word" && token.text.toLowerCase() === word;
  }

  private isPunct(token: Token, text: string): boolean {
    return token.kind === "punct" && token.text === text;
  }

  private expectPunct(text: string, what: string): void {
    const token = this.next();
    if (!this.isPunct(token, text))
      throw new FilterError(`Expected ${what}, found ${describe(token)}.`, token.at);
  }

  parse(): FilterExpr {
    const expr = this.or();
    const rest = this.peek();
    if (rest.kind !== "end")
      throw new FilterError(`Expected "and", "or" or the end, found ${describe(rest)}.`, rest.at);
    return expr;
  }

  private nested<T>(at: number, parse: () => T): T {
    if (++this.depth > MAX_DEPTH) throw new FilterError("This expression nests too deeply.", at);
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  private or(): FilterExpr {
    return this.joined("or", () => this.and());
  }

  private and(): FilterExpr {
    return this.joined("and", () => this.not());
  }

  /** Operands separated by one keyword; a single operand stands alone. */
  private joined(word: "and" | "or", operand: () => FilterExpr): FilterExpr {
    const items = [operand()];
    while (this.isWord(this.peek(), word)) {
      this.next();
      items.push(operand());
    }
    return items.length === 1 ? items[0]! : { type: word, items };
  }

  private not(): FilterExpr {
    const token = this.peek();
    if (this.isWord(token, "not")) {
      this.next();
      return this.nested(token.at, () => ({ type: "not", expr: this.not() }));
    }
    if (this.isPunct(token, "(")) {
      this.next();
      const expr = this.nested(token.at, () => this.or());
      this.expectPunct(")", `")" to close the "(" at ${token.at + 1}`);
      return expr;
    }
    return this.comparison();
  }

  private comparison(): FilterExpr {
    const at = this.peek().at;
    const expr = this.uncheckedComparison();
    return expr.path.kind === "field" ? checkField(expr, expr.path.field, at) : expr;
  }

  private uncheckedComparison(): Extract<FilterExpr, { path: FilterPath }> {
    const path = this.path();
    const token = this.next();
    if (token.kind === "punct" && ["=", "!=", "<", "<=", ">", ">="].includes(token.text)) {
      const value = this.scalar();
      if ((value === null || typeof value === "boolean") && !["=", "!="].includes(token.text))
        throw new FilterError(
          `"${token.text}" compares numbers, strings and dates, not ${String(value)}.`,
          token.at,
        );
      return { type: "compare", path, op: token.text as CompareOp, value };
    }
    if (this.isWord(token, "exists")) return { type: "exists", path };
    if (this.isWord(token, "missing")) return { type: "missing", path };
    if (this.isWord(token, "contains")) return { type: "contains", path, value: this.scalar() };
    if (this.isWord(token, "in")) {
      this.expectPunct("[", `"[" to start the list of values`);
      const values = [this.scalar()];
      while (this.isPunct(this.peek(), ",")) {
        this.next();
        if (values.length === MAX_IN_VALUES)
          throw new FilterError(
            `A list holds at most ${MAX_IN_VALUES.toLocaleString("en")} values.`,
            this.peek().at,
          );
        values.push(this.scalar());
      }
      this.expectPunct("]", `"," or "]" in the list of values`);
      return { type: "in", path, values };
    }
    throw new FilterError(
      `Expected an operator (=, !=, <, <=, >, >=, in, contains, exists, missing), found ${describe(token)}.`,
      token.at,
    );
  }

  /** Paths separated by commas, each with the text it was written as and where it starts. */
  pathList(text: string): WrittenPath[] {
    const paths: WrittenPath[] = [];
    for (;;) {
      const at = this.peek().at;
      const path = this.path();
      const next = this.peek();
      paths.push({ path, text: text.slice(at, next.at).trim(), position: at });
      if (next.kind === "end") return paths;
      if (!this.isPunct(next, ","))
        throw new FilterError(`Expected "," between paths, found ${describe(next)}.`, next.at);
      this.next();
    }
  }

  private path(): FilterPath {
    const token = this.next();
    if (token.kind !== "word" || KEYWORDS.has(token.text.toLowerCase()))
      throw new FilterError(
        `Expected a path (public_metadata.…, private_metadata.…, unsafe_metadata.… or ${USER_FIELDS.join(", ")}), found ${describe(token)}.`,
        token.at,
      );
    if ((USER_FIELDS as readonly string[]).includes(token.text))
      return { kind: "field", field: token.text as UserField };
    if (!(BAG_NAMES as readonly string[]).includes(token.text))
      throw new FilterError(
        `Unknown path "${token.text}": paths start with public_metadata, private_metadata or unsafe_metadata, or are one of ${USER_FIELDS.join(", ")}.`,
        token.at,
      );
    const keys: string[] = [];
    for (;;) {
      const step = this.peek();
      if (this.isPunct(step, ".")) {
        this.next();
        const key = this.next();
        if (key.kind !== "word" && key.kind !== "number")
          throw new FilterError(
            `Expected a key after ".", found ${describe(key)}; write odd keys as ["key"].`,
            key.at,
          );
        keys.push(key.kind === "word" ? key.text : String(key.value));
      } else if (this.isPunct(step, "[")) {
        this.next();
        const key = this.next();
        if (key.kind !== "string")
          throw new FilterError(`Expected a quoted key in [ ], found ${describe(key)}.`, key.at);
        keys.push(key.value);
        this.expectPunct("]", `"]" after the key`);
      } else break;
    }
    if (keys.length === 0)
      throw new FilterError(
        `Name a key inside ${token.text}, e.g. ${token.text}.plan.`,
        this.peek().at,
      );
    return { kind: "metadata", bag: token.text as BagName, keys };
  }

  private scalar(): Scalar {
    const token = this.next();
    if (token.kind === "string") return token.value;
    if (token.kind === "number") return token.value;
    if (this.isWord(token, "true")) return true;
    if (this.isWord(token, "false")) return false;
    if (this.isWord(token, "null")) return null;
    throw new FilterError(
      `Expected a value (a JSON string, number, true, false or null), found ${describe(token)}.`,
      token.at,
      token.kind === "word" && !KEYWORDS.has(token.text.toLowerCase()) ? token.text : undefined,
    );
  }
}

const DATE_FIELDS: readonly UserField[] = ["created_at", "last_active_at"];
const TEXT_FIELDS: readonly UserField[] = ["email", "username", "external_id"];

/** A date as an expression may write it: milliseconds, or an ISO 8601 string. */
/** The furthest a JavaScript date reaches either side of 1970, in milliseconds. */
const MAX_DATE_MS = 8.64e15;

function dateValue(value: Scalar, at: number): number {
  if (typeof value === "number") {
    if (Number.isInteger(value) && Math.abs(value) <= MAX_DATE_MS) return value;
    throw new FilterError(
      `Dates in milliseconds are whole numbers between -${MAX_DATE_MS} and ${MAX_DATE_MS}, not ${value}.`,
      at,
    );
  }
  const ms = typeof value === "string" ? isoDateMs(value) : null;
  if (ms === null)
    throw new FilterError(
      `Dates are ISO strings ("2026-01-31", or "2026-01-31T12:00:00Z" with a time and its zone) or milliseconds, not ${JSON.stringify(value)}.`,
      at,
    );
  return ms;
}

/** User fields have types: refuse what can never match, and read dates into milliseconds. */
function checkField(
  expr: Extract<FilterExpr, { path: FilterPath }>,
  field: UserField,
  at: number,
): FilterExpr {
  const refuse = (what: string): never => {
    throw new FilterError(`${field} ${what}.`, at);
  };
  if (field === "banned") {
    if (
      expr.type === "compare" &&
      (expr.op === "=" || expr.op === "!=") &&
      typeof expr.value === "boolean"
    )
      return expr;
    if (expr.type === "in" && expr.values.every((v) => typeof v === "boolean")) return expr;
    return refuse("is true or false: compare it with = true, = false or != …");
  }
  if (DATE_FIELDS.includes(field)) {
    if (expr.type === "contains") return refuse("is a date: compare it with =, <, >, … or in");
    if (expr.type === "compare") return { ...expr, value: dateValue(expr.value, at) };
    if (expr.type === "in") return { ...expr, values: expr.values.map((v) => dateValue(v, at)) };
    return expr;
  }
  if (TEXT_FIELDS.includes(field)) {
    const values = expr.type === "in" ? expr.values : "value" in expr ? [expr.value] : [];
    if (values.some((v) => typeof v !== "string"))
      return refuse("is text: compare it with a string");
  }
  return expr;
}

/** A path as someone wrote it in a list (`public_metadata.plan, private_metadata["a b"]`). */
export interface WrittenPath {
  path: FilterPath;
  /** The path's own text, trimmed: what a CSV column is headed with. */
  text: string;
  /** Where it starts in the list, 0-based. */
  position: number;
}

/**
 * Parses comma-separated paths with the filter's own path grammar (so a key holding a comma is
 * written `["a,b"]`); an empty list is no paths. A malformed one says where, as `parseFilter` does.
 */
export function parsePathList(text: string): Result<WrittenPath[], FilterSyntaxError> {
  if (text.length > MAX_FILTER_LENGTH)
    return fail({
      message: `The list is longer than ${MAX_FILTER_LENGTH} characters.`,
      position: MAX_FILTER_LENGTH,
    });
  if (text.trim() === "") return ok([]);
  try {
    return ok(new Parser(tokenize(text)).pathList(text));
  } catch (error) {
    if (error instanceof FilterError)
      return fail({ message: error.message, position: error.position });
    throw error;
  }
}

/** Parses a `where` expression; a malformed one is a value naming the problem and its position. */
export function parseFilter(text: string): Result<FilterExpr, FilterSyntaxError> {
  if (text.length > MAX_FILTER_LENGTH)
    return fail({
      message: `The expression is longer than ${MAX_FILTER_LENGTH} characters.`,
      position: MAX_FILTER_LENGTH,
    });
  if (text.trim() === "") return fail({ message: "The expression is empty.", position: 0 });
  const parsed = parseOnce(text);
  if (parsed.ok || parsed.error.bareWord === undefined)
    return parsed.ok
      ? parsed
      : fail({ message: parsed.error.message, position: parsed.error.position });
  const suggestion = quoteBareWords(text, parsed.error);
  return fail({
    message: parsed.error.message,
    position: parsed.error.position,
    ...(suggestion === null ? {} : { suggestion }),
  });
}

function parseOnce(text: string): Result<FilterExpr, FilterError> {
  try {
    return ok(new Parser(tokenize(text)).parse());
  } catch (error) {
    if (error instanceof FilterError) return fail(error);
    throw error;
  }
}

/**
 * `plan = pro` meant `plan = "pro"`: the expression with each bare value quoted, when that is
 * all that stands between it and a filter that runs; otherwise null.
 */
function quoteBareWords(text: string, first: FilterError): string | null {
  let fixed = text;
  let error: FilterError | undefined = first;
  // Each round quotes one word: a list of bare values is a few rounds, not a loop without end.
  for (let round = 0; error?.bareWord !== undefined && round < 20; round++) {
    const at: number = error.position;
    const quoted = JSON.stringify(error.bareWord);
    fixed = fixed.slice(0, at) + quoted + fixed.slice(at + error.bareWord.length);
    if (fixed.length > MAX_FILTER_LENGTH) return null;
    const again = parseOnce(fixed);
    if (again.ok) return fixed;
    error = again.error;
  }
  return null;
}
